/**
 * EventStoreDB protocol stand-in: a gRPC server built on the service definitions shipped inside
 * `@eventstore/db-client`, serving what the real client needs for the ledger's adapter, in memory.
 * It exists so tests exercise the adapter through the real client over a real connection. It is a test
 * stand-in, never a product feature: see README.md in this folder for what it serves and what it does not.
 */
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { AllStreamPosition, Empty, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { MaximumAppendSizeExceeded, StreamDeleted, Timeout } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { InMemoryLog, type AppendOutcome, type ExpectedState, type LogRecord, type ProposedEvent } from './in-memory-log';

/** RPCs the stand-in serves, by their method name in the protocol. */
export type StandInMethod = 'GetSupportedMethods' | 'Read' | 'Append' | 'BatchAppend';

export interface RecordedCall {
  readonly method: StandInMethod;
  /** What the read asked for: stream, $all, or a subscription to either. */
  readonly kind?: 'stream' | 'all' | 'subscribe-stream' | 'subscribe-all';
  readonly metadata: Readonly<Record<string, string>>;
}

export interface EsdbStandInOptions {
  /** Advertise BatchAppend in ServerFeatures (real servers since 21.10 do; the client then prefers it). Default true. */
  readonly batchAppend?: boolean;
  /**
   * Write the records a fresh node writes (epoch record at 0, `$epoch-information`, users and their ACL
   * `$metadata`), and a `$statsCollected` event every few appends, as a running node does. Default true.
   */
  readonly systemEvents?: boolean;
  /**
   * The server version to behave as: '24.10' (default) or an older one such as '22.10', which never sends
   * CaughtUp on subscriptions (CaughtUp came in 23.10). Default: `ESDB_STAND_IN_VERSION` from the environment.
   */
  readonly serverVersion?: string;
  /** Largest append in bytes (the server's MaxAppendSize default, 1 MiB: Configuration/ClusterVNodeOptions.cs). */
  readonly maxAppendSize?: number;
  /** Bytes of the committed-id cache that dedupes `any` writes (8 MiB like the server; small in tests). */
  readonly idCacheBytes?: number;
  /** Appends between two `$statsCollected` events when systemEvents is on. Default 7. */
  readonly statsEvery?: number;
}

export interface Refusal {
  /** How many calls to refuse; default 1. */
  readonly times?: number;
  readonly code?: grpc.status;
  readonly message?: string;
}

export interface EsdbStandIn {
  /** Connection string for the client: `esdb://127.0.0.1:<port>?tls=false`. */
  readonly url: string;
  readonly port: number;
  readonly log: InMemoryLog;
  /** Every call received, in order, with its request metadata (connection-name, user-agent...). */
  readonly calls: readonly RecordedCall[];
  /** Answer the next call(s) of `method` with a gRPC error instead of serving them; nothing is written. */
  refuse(method: StandInMethod, refusal?: Refusal): void;
  /** End every open subscription now with UNAVAILABLE, as a dropped connection or a node restart would. */
  dropSubscriptions(): void;
  /** End the next subscription(s) with UNAVAILABLE once each has sent `events` events. */
  dropSubscriptionsAfter(events: number, times?: number): void;
  /** Subscriptions open right now. */
  readonly openSubscriptions: number;
  /** The server version this stand-in behaves as ('24.10' or older). */
  readonly serverVersion: string;
  /** True when subscriptions send CaughtUp (server 23.10 and later). */
  readonly sendsCaughtUp: boolean;
  /** Hold BatchAppend answers (the writes are done) until the returned function is called. */
  holdBatchAppendAnswers(): () => void;
  close(): Promise<void>;
}

/** A node's stats event lands in `$all` between user events (Services/Monitoring/MonitoringService.cs, every 30 s). */
const STATS_STREAM = '$stats-127.0.0.1:2113';
/** Messages of the live channel before a subscription falls behind (Services/Transport/Enumerators/Enumerator.cs). */
const MAX_LIVE_EVENT_BUFFER = 32;
const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** The server answer to a read from inside a record (Services/Transport/Grpc/RpcExceptions.cs UnknownError). */
const INVALID_POSITION_READ = { code: grpc.status.UNKNOWN, details: 'Unexpected ReadAllResult: InvalidPosition' };
/** The answer to a subscription from inside a record (RpcExceptions.cs InvalidPositionException). */
const INVALID_POSITION_SUBSCRIPTION = { code: grpc.status.INVALID_ARGUMENT, details: 'Trying to read from an invalid position.' };

/** Versions before 23.10 send no CaughtUp message on subscriptions. */
function sendsCaughtUpFor(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 10);
}

interface OpenSubscription {
  sent: number;
  dropAfter?: number;
  drop(): void;
}

/** Starts the stand-in on 127.0.0.1 (a free port unless given). */
export async function startEsdbStandIn(options: EsdbStandInOptions = {}, port = 0): Promise<EsdbStandIn> {
  const log = new InMemoryLog({ idCacheBytes: options.idCacheBytes });
  const systemEvents = options.systemEvents ?? true;
  if (systemEvents) log.writeNodeStart();
  const serverVersion = options.serverVersion ?? process.env.ESDB_STAND_IN_VERSION ?? '24.10';
  const caughtUpMessages = sendsCaughtUpFor(serverVersion);
  const maxAppendSize = options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  const statsEvery = options.statsEvery ?? 7;
  let appendsSinceStats = 0;
  /** A running node's own writes between user appends. */
  const afterUserAppend = (): void => {
    if (!systemEvents || ++appendsSinceStats < statsEvery) return;
    appendsSinceStats = 0;
    log.appendSystemEvent(STATS_STREAM, '$statsCollected', { 'proc-mem': 1 });
  };
  const heldAnswers: (() => void)[] = [];
  let holding = false;
  const advertiseBatchAppend = options.batchAppend ?? true;
  const calls: RecordedCall[] = [];
  const refusals = new Map<StandInMethod, Required<Refusal>>();
  const subscriptions = new Set<OpenSubscription>();
  const pendingDrops: number[] = [];

  const record = (method: StandInMethod, call: { metadata: grpc.Metadata }, kind?: RecordedCall['kind']): void => {
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(call.metadata.getMap())) metadata[key] = value.toString();
    calls.push(kind ? { method, kind, metadata } : { method, metadata });
  };
  /** The error to answer with when this method is refused right now. */
  const takeRefusal = (method: StandInMethod): Partial<grpc.StatusObject> | undefined => {
    const refusal = refusals.get(method);
    if (!refusal) return undefined;
    if (refusal.times <= 1) refusals.delete(method);
    else refusals.set(method, { ...refusal, times: refusal.times - 1 });
    return { code: refusal.code, details: refusal.message, metadata: new grpc.Metadata() };
  };

  const server = new grpc.Server();

  server.addService(ServerFeaturesService, {
    getSupportedMethods(call: grpc.ServerUnaryCall<Empty, SupportedMethods>, callback: grpc.sendUnaryData<SupportedMethods>) {
      record('GetSupportedMethods', call);
      const refused = takeRefusal('GetSupportedMethods');
      if (refused) return callback(refused, null);
      const methods = new SupportedMethods();
      methods.setEventStoreServerVersion(`${serverVersion}.0-stand-in`);
      const streamMethods = ['read', 'append', ...(advertiseBatchAppend ? ['batchappend'] : [])];
      for (const name of streamMethods) {
        const method = new SupportedMethod();
        method.setServiceName('event_store.client.streams.streams');
        method.setMethodName(name);
        methods.addMethods(method);
      }
      callback(null, methods);
    },
  });

  server.addService(StreamsService, {
    read(call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
      const options = call.request.getOptions();
      if (!options) return call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'read without options' });
      const subscription = options.hasSubscription();
      const onAll = options.hasAll();
      record('Read', call, subscription ? (onAll ? 'subscribe-all' : 'subscribe-stream') : onAll ? 'all' : 'stream');
      const refused = takeRefusal('Read');
      if (refused) return call.emit('error', refused);
      const select = recordFilter(options);
      if (subscription) {
        const dropAfter = pendingDrops.shift();
        void serveSubscription(call, log, options, select, subscriptions, dropAfter, caughtUpMessages);
      } else {
        void serveRead(call, log, options, select);
      }
    },

    append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) {
      record('Append', call);
      let header: AppendReq.Options | undefined;
      const events: ProposedEvent[] = [];
      call.on('data', (request: AppendReq) => {
        if (request.hasOptions()) header = request.getOptions();
        else if (request.hasProposedMessage()) events.push(proposedEvent(request.getProposedMessage()!));
      });
      call.on('error', () => undefined);
      call.on('end', () => {
        const refused = takeRefusal('Append');
        if (refused) return callback(refused, null);
        if (!header?.hasStreamIdentifier())
          return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' }, null);
        // Services/Transport/Grpc/Streams.Append.cs: the sizes are summed as events arrive, over MaxAppendSize refused.
        if (appendSize(events) > maxAppendSize) return callback(maxAppendSizeError(maxAppendSize), null);
        const expected = expectedFromAppend(header);
        const stream = streamName(header.getStreamIdentifier()!);
        const outcome = log.append(stream, expected, events);
        if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(stream), null);
        if (outcome.kind === 'success' && !outcome.idempotent) afterUserAppend();
        callback(null, appendResponse(outcome, expected));
      });
    },

    batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
      record('BatchAppend', call);
      const pending = new Map<string, { options: BatchAppendReq.Options; events: ProposedEvent[] }>();
      call.on('data', (request: BatchAppendReq) => {
        const correlationId = request.getCorrelationId()!;
        const key = uuidText(correlationId);
        let entry = pending.get(key);
        if (!entry) {
          const options = request.getOptions();
          if (!options) return call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'first batch without options' });
          entry = { options, events: [] };
          pending.set(key, entry);
        }
        for (const message of request.getProposedMessagesList()) entry.events.push(proposedEvent(message));
        const identifier = entry.options.getStreamIdentifier()!;
        // Services/Transport/Grpc/Streams.BatchAppend.cs: over MaxAppendSize answers MaximumAppendSizeExceeded.
        if (appendSize(entry.events) > maxAppendSize) {
          pending.delete(key);
          return void call.write(batchError(correlationId, identifier, maxAppendSizeStatus(maxAppendSize)));
        }
        if (!request.getIsFinal()) return;
        pending.delete(key);
        const refused = takeRefusal('BatchAppend');
        if (refused) return call.emit('error', refused);
        // Streams.BatchAppend.cs: the request's deadline (min with the write timeout) already passed answers Timeout.
        const deadline = entry.options.getDeadline();
        if (deadline && deadline.toDate().getTime() <= Date.now())
          return void call.write(batchError(correlationId, identifier, timeoutStatus()));
        const expected = expectedFromBatch(entry.options);
        const stream = streamName(identifier);
        const outcome = log.append(stream, expected, entry.events);
        if (outcome.kind === 'success' && !outcome.idempotent) afterUserAppend();
        const answer = () => {
          if (outcome.kind === 'stream_deleted') call.write(batchError(correlationId, identifier, streamDeletedStatus(identifier)));
          else call.write(batchAppendResponse(correlationId, identifier, outcome, expected));
        };
        if (holding) heldAnswers.push(answer);
        else answer();
      });
      call.on('error', () => undefined);
      call.on('end', () => call.end());
    },

    // Services/Transport/Grpc/Streams.Delete.cs: soft delete ($tb in the stream's metadata) and tombstone.
    delete(call: grpc.ServerUnaryCall<DeleteReq, DeleteResp>, callback: grpc.sendUnaryData<DeleteResp>) {
      const options = call.request.getOptions()!;
      const stream = streamName(options.getStreamIdentifier()!);
      const outcome = log.softDelete(stream, expectedFromDelete(options));
      deleteAnswer(
        outcome,
        stream,
        callback,
        () => new DeleteResp(),
        () => new DeleteResp.Position(),
      );
    },
    tombstone(call: grpc.ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: grpc.sendUnaryData<TombstoneResp>) {
      const options = call.request.getOptions()!;
      const stream = streamName(options.getStreamIdentifier()!);
      const outcome = log.tombstone(stream, expectedFromDelete(options));
      deleteAnswer(
        outcome,
        stream,
        callback,
        () => new TombstoneResp(),
        () => new TombstoneResp.Position(),
      );
    },
  });

  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    url: `esdb://127.0.0.1:${boundPort}?tls=false`,
    port: boundPort,
    log,
    calls,
    refuse(method, refusal = {}) {
      refusals.set(method, {
        times: refusal.times ?? 1,
        code: refusal.code ?? grpc.status.UNAVAILABLE,
        message: refusal.message ?? `stand-in refused ${method}`,
      });
    },
    dropSubscriptions() {
      for (const subscription of [...subscriptions]) subscription.drop();
    },
    dropSubscriptionsAfter(events, times = 1) {
      for (let i = 0; i < times; i++) pendingDrops.push(events);
    },
    get openSubscriptions() {
      return subscriptions.size;
    },
    serverVersion,
    sendsCaughtUp: caughtUpMessages,
    holdBatchAppendAnswers() {
      holding = true;
      return () => {
        holding = false;
        for (const answer of heldAnswers.splice(0)) answer();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const subscription of [...subscriptions]) subscription.drop();
        server.forceShutdown();
        resolve();
      }),
  };
}

// ---- reads and subscriptions ----

type RecordSelector = (record: LogRecord) => boolean;

/** Server-side filter of a read or subscription (event type or stream name, by regex or prefixes). */
function recordFilter(options: ReadReq.Options): RecordSelector {
  const onStream = options.hasStream() ? streamName(options.getStream()!.getStreamIdentifier()!) : undefined;
  const byStream: RecordSelector = onStream === undefined ? () => true : (r) => r.stream === onStream;
  if (!options.hasFilter()) return byStream;
  const filter = options.getFilter()!;
  const expression = filter.hasEventType() ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const field = filter.hasEventType() ? (r: LogRecord) => r.type : (r: LogRecord) => r.stream;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex();
  const matches =
    prefixes.length > 0
      ? (text: string) => prefixes.some((p) => text.startsWith(p))
      : regex
        ? (text: string) => new RegExp(regex).test(text)
        : () => true;
  return (r) => byStream(r) && matches(field(r));
}

/**
 * Reads (Services/Transport/Grpc/Streams.Read.cs over Services/Storage/StorageReaderWorker.cs and
 * ReaderIndex/AllReader.cs): `$all` forwards includes the record at the start position, backwards returns records
 * ending at or before it; a position inside a record is refused with an unknown error (ReadAllResult.InvalidPosition).
 * A stream read skips what $tb/$maxCount hide and refuses a tombstoned stream (StreamDeleted).
 */
async function serveRead(
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  log: InMemoryLog,
  options: ReadReq.Options,
  select: RecordSelector,
): Promise<void> {
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const count = Number(options.getCount() || '0');
  const sender = new Sender(call);
  let sent = 0;
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier()!);
    if (log.isTombstoned(name)) return sender.fail(streamDeletedError(name));
    const records = log.streamRecords(name);
    if (!records) {
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(stream.getStreamIdentifier());
      const response = new ReadResp();
      response.setStreamNotFound(notFound);
      await sender.send(response);
      return sender.end();
    }
    const revision = stream.hasRevision() ? Number(stream.getRevision()) : undefined;
    if (backwards) {
      const from = revision === undefined ? records.length - 1 : lastIndexAtOrBelow(records, revision);
      for (let i = stream.hasStart() && revision === undefined ? -1 : from; i >= 0 && sent < count && !sender.closed; i--, sent++)
        await sender.send(eventResponse(records[i]));
    } else {
      const from = revision === undefined ? (stream.hasEnd() ? records.length : 0) : records.findIndex((r) => r.revision >= revision);
      for (let i = from < 0 ? records.length : from; i < records.length && sent < count && !sender.closed; i++, sent++)
        await sender.send(eventResponse(records[i]));
    }
    return sender.end();
  }
  const all = options.getAll()!;
  const position = all.hasPosition() ? Number(all.getPosition()!.getCommitPosition()) : undefined;
  if (position !== undefined && !log.isReadablePosition(position)) return sender.fail(INVALID_POSITION_READ);
  if (backwards) {
    const from = position !== undefined ? log.lastIndexEndingAtOrBefore(position) : all.hasStart() ? -1 : log.length - 1;
    for (let i = from; i >= 0 && sent < count && !sender.closed; i--) {
      const record = log.at(i);
      if (!select(record)) continue;
      await sender.send(eventResponse(record));
      sent++;
    }
  } else {
    const from = position !== undefined ? log.firstIndexAtOrAfter(position) : all.hasEnd() ? log.length : 0;
    for (let i = from; i < log.length && sent < count && !sender.closed; i++) {
      const record = log.at(i);
      if (!select(record)) continue;
      await sender.send(eventResponse(record));
      sent++;
    }
  }
  sender.end();
}

function lastIndexAtOrBelow(records: readonly LogRecord[], revision: number): number {
  for (let i = records.length - 1; i >= 0; i--) if (records[i].revision <= revision) return i;
  return -1;
}

/**
 * Subscriptions (Services/Transport/Enumerators/Enumerator.AllSubscription.cs, ...AllSubscriptionFiltered.cs,
 * ...StreamSubscription.cs): confirmation, catch-up from strictly after the checkpoint, CaughtUp when going live
 * (servers from 23.10; older ones send none), live events; a subscriber that lets more than the live buffer pile
 * up falls behind, catches up by reading and sends CaughtUp again. A filtered subscription sends Checkpoint
 * messages every (window x multiplier) events considered. A checkpoint inside a record is refused with
 * invalid argument (ReadResponseException.InvalidPosition).
 */
async function serveSubscription(
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  log: InMemoryLog,
  options: ReadReq.Options,
  select: RecordSelector,
  open: Set<OpenSubscription>,
  dropAfter: number | undefined,
  caughtUpMessages: boolean,
): Promise<void> {
  const sender = new Sender(call);
  let wake: (() => void) | undefined;
  const subscription: OpenSubscription = {
    sent: 0,
    dropAfter,
    drop: () => {
      sender.fail({ code: grpc.status.UNAVAILABLE, details: 'stand-in dropped the subscription' });
      wake?.();
    },
  };
  open.add(subscription);
  let live = false;
  const stopListening = log.onAppend(() => {
    // The live channel holds MAX_LIVE_EVENT_BUFFER messages; more unsent than that and the subscription falls behind.
    if (live && log.length - cursor > MAX_LIVE_EVENT_BUFFER) live = false;
    wake?.();
  });
  sender.onClose(() => wake?.());
  let cursor = 0;
  try {
    const start = startIndex(log, options);
    if (start === undefined) {
      sender.fail(INVALID_POSITION_SUBSCRIPTION);
      return;
    }
    cursor = start;
    const filter = options.hasFilter() ? options.getFilter()! : undefined;
    const checkpointEvery = filter ? (filter.hasMax() ? filter.getMax() : 32) * Math.max(1, filter.getCheckpointintervalmultiplier()) : 0;
    let considered = 0;
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(`stand-in-${Math.random().toString(16).slice(2)}`);
    const confirm = new ReadResp();
    confirm.setConfirmation(confirmation);
    await sender.send(confirm);
    while (!sender.closed) {
      while (cursor < log.length && !sender.closed) {
        const record = log.at(cursor++);
        considered++;
        if (select(record)) {
          await sender.send(eventResponse(record));
          subscription.sent++;
          if (subscription.dropAfter !== undefined && subscription.sent >= subscription.dropAfter) return subscription.drop();
        }
        // Every checkpoint interval of records considered (sent or filtered out), the position reached so far.
        if (checkpointEvery > 0 && considered % checkpointEvery === 0) await sender.send(checkpointResponse(record));
      }
      if (sender.closed) break;
      if (!live) {
        live = true;
        if (caughtUpMessages) {
          const response = new ReadResp();
          response.setCaughtUp(new ReadResp.CaughtUp());
          await sender.send(response);
        }
      }
      if (cursor >= log.length && !sender.closed) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stopListening();
    open.delete(subscription);
  }
}

/** Subscriptions start after the given point: the position or revision itself was already seen. Undefined: invalid position. */
function startIndex(log: InMemoryLog, options: ReadReq.Options): number | undefined {
  if (options.hasAll()) {
    const all = options.getAll()!;
    if (all.hasStart()) return 0;
    if (all.hasEnd()) return log.length;
    const position = Number(all.getPosition()!.getCommitPosition());
    if (!log.isReadablePosition(position)) return undefined;
    return log.firstIndexAfter(position);
  }
  const stream = options.getStream()!;
  if (stream.hasStart()) return 0;
  if (stream.hasEnd()) return log.length;
  const name = streamName(stream.getStreamIdentifier()!);
  const after = Number(stream.getRevision());
  const record = log.streamRecords(name)?.find((r) => r.revision === after);
  return record ? log.firstIndexAtOrAfter(record.postPosition) : 0;
}

/** Writes with back-pressure and stops cleanly when the client goes away. */
class Sender {
  closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
    const close = (): void => {
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.closeListeners) listener();
    };
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  async send(response: ReadResp): Promise<void> {
    if (this.closed) return;
    if (this.call.write(response)) return;
    await new Promise<void>((resolve) => {
      this.call.once('drain', resolve);
      this.onClose(resolve);
    });
  }

  end(): void {
    if (!this.closed) this.call.end();
  }

  fail(status: Partial<grpc.StatusObject>): void {
    if (this.closed) return;
    this.call.emit('error', { ...status, metadata: status.metadata ?? new grpc.Metadata() });
    this.closed = true;
    for (const listener of this.closeListeners) listener();
  }
}

// ---- protocol messages ----

function eventResponse(record: LogRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  // Uuid.ToString() prints lowercase (Services/Transport/Grpc/Streams.Read.cs ConvertToRecordedEvent).
  id.setString(record.id.toLowerCase());
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.stream, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(record.revision));
  recorded.setPreparePosition(String(record.position));
  recorded.setCommitPosition(String(record.position));
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  // `created` is ticks since the Unix epoch (Streams.Read.cs: e.TimeStamp.ToTicksSinceEpoch(), EpochExtensions.cs).
  metadata.set('created', record.createdTicks.toString());
  recorded.setCustomMetadata(record.customMetadata);
  recorded.setData(record.data);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(String(record.position));
  const response = new ReadResp();
  response.setEvent(event);
  return response;
}

function checkpointResponse(record: LogRecord): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(String(record.position));
  checkpoint.setPreparePosition(String(record.position));
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

function proposedEvent(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidText(message.getId()!),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    customMetadata: message.getCustomMetadata_asU8(),
    data: message.getData_asU8(),
  };
}

function expectedFromAppend(options: AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: Number(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function expectedFromBatch(options: BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: Number(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function appendResponse(outcome: Exclude<AppendOutcome, { kind: 'stream_deleted' }>, expected: ExpectedState): AppendResp {
  const response = new AppendResp();
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.currentRevision < 0) success.setNoStream(new Empty());
    else success.setCurrentRevision(String(outcome.currentRevision));
    if (outcome.position < 0) success.setNoPosition(new Empty());
    else {
      const position = new AppendResp.Position();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    }
    response.setSuccess(success);
    return response;
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(String(outcome.currentRevision));
  switch (expected.kind) {
    case 'revision':
      wrong.setExpectedRevision(String(expected.revision));
      break;
    case 'no_stream':
      wrong.setExpectedNoStream(new Empty());
      break;
    case 'stream_exists':
      wrong.setExpectedStreamExists(new Empty());
      break;
    case 'any':
      wrong.setExpectedAny(new Empty());
      break;
  }
  response.setWrongExpectedVersion(wrong);
  return response;
}

function batchAppendResponse(
  correlationId: UUID,
  identifier: StreamIdentifier,
  outcome: Exclude<AppendOutcome, { kind: 'stream_deleted' }>,
  expected: ExpectedState,
): BatchAppendResp {
  const response = new BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(identifier);
  if (outcome.kind === 'success') {
    const success = new BatchAppendResp.Success();
    if (outcome.currentRevision < 0) success.setNoStream(new ProtobufEmpty());
    else success.setCurrentRevision(String(outcome.currentRevision));
    if (outcome.position < 0) success.setNoPosition(new ProtobufEmpty());
    else {
      const position = new AllStreamPosition();
      position.setCommitPosition(String(outcome.position));
      position.setPreparePosition(String(outcome.position));
      success.setPosition(position);
    }
    response.setSuccess(success);
    return response;
  }
  const details = new WrongExpectedVersion();
  if (outcome.currentRevision === undefined) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(String(outcome.currentRevision));
  switch (expected.kind) {
    case 'revision':
      details.setExpectedStreamPosition(String(expected.revision));
      break;
    case 'no_stream':
      details.setExpectedNoStream(new ProtobufEmpty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new ProtobufEmpty());
      break;
    case 'any':
      details.setExpectedAny(new ProtobufEmpty());
      break;
  }
  const packed = new Any();
  packed.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  const status = new Status();
  // Services/Transport/Grpc/Status.cs: WrongExpectedVersion is answered with code AlreadyExists.
  status.setCode(6 /* ALREADY_EXISTS */);
  status.setMessage('WrongExpectedVersion');
  status.setDetails(packed);
  response.setError(status);
  return response;
}

function streamName(identifier: StreamIdentifier): string {
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function uuidText(uuid: UUID): string {
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured()!;
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function expectedFromDelete(options: DeleteReq.Options | TombstoneReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: Number(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function deleteAnswer<R extends DeleteResp | TombstoneResp>(
  outcome: AppendOutcome,
  stream: string,
  callback: grpc.sendUnaryData<R>,
  response: () => R,
  position: () => DeleteResp.Position | TombstoneResp.Position,
): void {
  if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(stream), null);
  if (outcome.kind === 'wrong_expected_version') {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'wrong-expected-version');
    metadata.set('actual-version', String(outcome.currentRevision ?? -1));
    return callback(
      { code: grpc.status.FAILED_PRECONDITION, details: `Delete failed due to WrongExpectedVersion. Stream: ${stream}`, metadata },
      null,
    );
  }
  const answer = response();
  const at = position();
  at.setCommitPosition(String(outcome.position));
  at.setPreparePosition(String(outcome.position));
  (answer as DeleteResp).setPosition(at as DeleteResp.Position);
  callback(null, answer);
}

/**
 * Size of an append as the server counts it. Data/Event.cs SizeOnDisk reads `data?.Length ?? 0 + metadata?.Length
 * ?? 0 + eventType.Length * 2`; C# binds `??` looser than `+`, so with data present (always, over gRPC) it counts
 * the data bytes only.
 */
function appendSize(events: readonly ProposedEvent[]): number {
  return events.reduce((sum, e) => sum + e.data.length, 0);
}

/** RpcExceptions.MaxAppendSizeExceeded (Services/Transport/Grpc/RpcExceptions.cs). */
function maxAppendSizeError(max: number): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(max));
  return { code: grpc.status.INVALID_ARGUMENT, details: `Maximum Append Size of ${max} Exceeded.`, metadata };
}

/** RpcExceptions.StreamDeleted. */
function streamDeletedError(stream: string): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', stream);
  return { code: grpc.status.FAILED_PRECONDITION, details: `Event stream '${stream}' is deleted.`, metadata };
}

/** The Google.Rpc statuses BatchAppend answers with (Services/Transport/Grpc/Status.cs). */
function maxAppendSizeStatus(max: number): Status {
  const details = new MaximumAppendSizeExceeded();
  details.setMaxappendsize(max);
  return packedStatus(
    3 /* INVALID_ARGUMENT */,
    'MaximumAppendSizeExceeded',
    details.serializeBinary(),
    'event_store.client.MaximumAppendSizeExceeded',
  );
}

function timeoutStatus(): Status {
  return packedStatus(4 /* DEADLINE_EXCEEDED */, 'Timeout', new Timeout().serializeBinary(), 'event_store.client.Timeout');
}

function streamDeletedStatus(identifier: StreamIdentifier): Status {
  const details = new StreamDeleted();
  details.setStreamIdentifier(identifier);
  return packedStatus(5 /* NOT_FOUND */, 'StreamDeleted', details.serializeBinary(), 'event_store.client.StreamDeleted');
}

function packedStatus(code: number, message: string, bytes: Uint8Array, typeName: string): Status {
  const packed = new Any();
  packed.pack(bytes, typeName);
  const status = new Status();
  status.setCode(code);
  status.setMessage(message);
  status.setDetails(packed);
  return status;
}

function batchError(correlationId: UUID, identifier: StreamIdentifier, status: Status): BatchAppendResp {
  const response = new BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(identifier);
  response.setError(status);
  return response;
}
