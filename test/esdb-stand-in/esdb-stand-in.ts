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
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
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
  /** Write a few server (`$`-prefixed) events first, as a fresh real server has. Default true. */
  readonly systemEvents?: boolean;
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
  close(): Promise<void>;
}

const SERVER_VERSION = '24.10.0-stand-in';

interface OpenSubscription {
  sent: number;
  dropAfter?: number;
  drop(): void;
}

/** Starts the stand-in on 127.0.0.1 (a free port unless given). */
export async function startEsdbStandIn(options: EsdbStandInOptions = {}, port = 0): Promise<EsdbStandIn> {
  const log = new InMemoryLog();
  if (options.systemEvents ?? true) {
    log.appendSystemEvent('$users', '$UserCreated', { LoginName: 'admin' });
    log.appendSystemEvent('$scavenges', '$scavengeIndexInitialized');
  }
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
      methods.setEventStoreServerVersion(SERVER_VERSION);
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
        void serveSubscription(call, log, options, select, subscriptions, dropAfter);
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
        if (!header?.hasStreamIdentifier()) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' }, null);
        const expected = expectedFromAppend(header);
        const outcome = log.append(streamName(header.getStreamIdentifier()!), expected, events);
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
        if (!request.getIsFinal()) return;
        pending.delete(key);
        const refused = takeRefusal('BatchAppend');
        if (refused) return call.emit('error', refused);
        const expected = expectedFromBatch(entry.options);
        const identifier = entry.options.getStreamIdentifier()!;
        const outcome = log.append(streamName(identifier), expected, entry.events);
        call.write(batchAppendResponse(correlationId, identifier, outcome, expected));
      });
      call.on('error', () => undefined);
      call.on('end', () => call.end());
    },

    delete(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'the stand-in does not delete streams' }, null);
    },
    tombstone(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      callback({ code: grpc.status.UNIMPLEMENTED, details: 'the stand-in does not tombstone streams' }, null);
    },
  });

  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
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
    prefixes.length > 0 ? (text: string) => prefixes.some((p) => text.startsWith(p)) : regex ? (text: string) => new RegExp(regex).test(text) : () => true;
  return (r) => byStream(r) && matches(field(r));
}

async function serveRead(call: grpc.ServerWritableStream<ReadReq, ReadResp>, log: InMemoryLog, options: ReadReq.Options, select: RecordSelector): Promise<void> {
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const count = Number(options.getCount() || '0');
  const sender = new Sender(call);
  let sent = 0;
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const records = log.streamRecords(streamName(stream.getStreamIdentifier()!));
    if (!records) {
      const notFound = new ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(stream.getStreamIdentifier());
      const response = new ReadResp();
      response.setStreamNotFound(notFound);
      await sender.send(response);
      return sender.end();
    }
    const from = stream.hasRevision() ? Number(stream.getRevision()) : stream.hasEnd() ? (backwards ? records.length - 1 : records.length) : backwards ? -1 : 0;
    if (backwards) {
      for (let i = Math.min(from, records.length - 1); i >= 0 && sent < count && !sender.closed; i--, sent++) await sender.send(eventResponse(records[i]));
    } else {
      for (let i = from; i < records.length && sent < count && !sender.closed; i++, sent++) await sender.send(eventResponse(records[i]));
    }
    return sender.end();
  }
  const all = options.getAll()!;
  const position = all.hasPosition() ? Number(all.getPosition()!.getCommitPosition()) : undefined;
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

/** Confirmation, catch-up, caught-up, then live events as they are written; checkpoints on filtered ones. */
async function serveSubscription(
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  log: InMemoryLog,
  options: ReadReq.Options,
  select: RecordSelector,
  open: Set<OpenSubscription>,
  dropAfter: number | undefined,
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
  const stopListening = log.onAppend(() => wake?.());
  sender.onClose(() => wake?.());
  try {
    let cursor = startIndex(log, options);
    const filter = options.hasFilter() ? options.getFilter()! : undefined;
    // The server checkpoints every (window x multiplier) events it looked at, so a filtered subscriber can advance.
    const checkpointEvery = filter ? (filter.hasMax() ? filter.getMax() : 32) * Math.max(1, filter.getCheckpointintervalmultiplier()) : 0;
    let considered = 0;
    const confirmation = new ReadResp.SubscriptionConfirmation();
    confirmation.setSubscriptionId(`stand-in-${Math.random().toString(16).slice(2)}`);
    const confirm = new ReadResp();
    confirm.setConfirmation(confirmation);
    await sender.send(confirm);
    let caughtUp = false;
    while (!sender.closed) {
      while (cursor < log.length && !sender.closed) {
        const record = log.at(cursor++);
        considered++;
        if (select(record)) {
          await sender.send(eventResponse(record));
          subscription.sent++;
          if (subscription.dropAfter !== undefined && subscription.sent >= subscription.dropAfter) return subscription.drop();
        } else if (checkpointEvery > 0 && considered % checkpointEvery === 0) {
          await sender.send(checkpointResponse(record));
        }
      }
      if (sender.closed) break;
      if (!caughtUp) {
        caughtUp = true;
        const response = new ReadResp();
        response.setCaughtUp(new ReadResp.CaughtUp());
        await sender.send(response);
      }
      if (cursor >= log.length && !sender.closed) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stopListening();
    open.delete(subscription);
  }
}

/** Subscriptions start after the given point: the position or revision itself was already seen. */
function startIndex(log: InMemoryLog, options: ReadReq.Options): number {
  if (options.hasAll()) {
    const all = options.getAll()!;
    if (all.hasStart()) return 0;
    if (all.hasEnd()) return log.length;
    const position = Number(all.getPosition()!.getCommitPosition());
    return log.firstIndexAtOrAfter(position + 1);
  }
  const stream = options.getStream()!;
  if (stream.hasStart()) return 0;
  if (stream.hasEnd()) return log.length;
  const name = streamName(stream.getStreamIdentifier()!);
  const after = Number(stream.getRevision());
  const record = log.streamRecords(name)?.[after];
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
    this.call.emit('error', { ...status, metadata: new grpc.Metadata() });
    this.closed = true;
    for (const listener of this.closeListeners) listener();
  }
}

// ---- protocol messages ----

function eventResponse(record: LogRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(record.id);
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

function appendResponse(outcome: AppendOutcome, expected: ExpectedState): AppendResp {
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

function batchAppendResponse(correlationId: UUID, identifier: StreamIdentifier, outcome: AppendOutcome, expected: ExpectedState): BatchAppendResp {
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
  status.setCode(9 /* FAILED_PRECONDITION */);
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
