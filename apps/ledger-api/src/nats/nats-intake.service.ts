import type { Principal } from '@ledger/auth';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, type BatchOutcome, type CommandOutcome } from '@ledger/commands';
import { LEDGER_CONFIG, type LedgerConfig, type NatsIntakeConfig } from '@ledger/config';
import { DomainError, type Category } from '@ledger/domain';
import { EventStoreUnavailableError, IdempotencyConflictError, WrongExpectedRevisionError } from '@ledger/event-store';
import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Pseudonyms } from '../auth/pseudonyms.service';
import { ExecuteLedgerCommandBatch } from '../commands/execute-ledger-command';
import type { ProblemDetails } from '../http/problem-details';
import { problemDocument } from '../http/problem-details.filter';
import { readCommandMessage, REPLY_TO_HEADER } from './command-message';
import { natsConnectionOptions } from './nats-connection';
import { ensureStreamAndConsumer } from './nats-stream';
import {
  NATS_INTAKE_METRICS,
  type IntakeSettlement,
  type IntakeState,
  type NatsIntakeMetrics,
  type NatsIntakeStatus,
} from './nats-intake.metrics';

/** A delivered message on its way through the pipeline. */
interface Pending {
  readonly msg: JsMsg;
  readonly category: Category;
  readonly item: ExecuteLedgerCommandBatch['items'][number];
}

/** After this many deliveries a message that keeps failing for an unexpected reason is refused, not retried again. */
const MAX_UNEXPECTED_DELIVERIES = 5;
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5000;
const encoder = new TextEncoder();

/**
 * Commands from NATS JetStream (on when LEDGER_NATS_URL is set): a durable pull consumer on the commands stream,
 * each message one import line, decided and appended in batches through the CommandBus, acked only after the
 * append. Exactly-once effect comes from the pipeline's idempotency key (a redelivery replays, never re-appends).
 */
@Injectable()
export class NatsIntake implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NatsIntake');
  private readonly config?: NatsIntakeConfig;
  private readonly principal?: Principal;
  private connection?: NatsConnection;
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;
  private state: IntakeState = 'stopped';
  /** Delivered, waiting for the worker; bounded by maxInFlight (the pump waits while it is full). */
  private readonly queue: JsMsg[] = [];
  /** Taken by the worker and not settled yet. */
  private working = 0;
  private wakeWorker?: () => void;
  private wakePump?: () => void;
  private wakeRetry?: () => void;
  /** The subscription ended (stopped, or the consumer went away): the worker finishes the queue and returns. */
  private pumpEnded = false;
  private readonly counts = { received: 0, redelivered: 0, appended: 0, replayed: 0, rejected: 0, requeued: 0, pauses: 0 };

  constructor(
    @Inject(LEDGER_CONFIG) ledgerConfig: LedgerConfig,
    private readonly commandBus: CommandBus,
    private readonly pseudonyms: Pseudonyms,
    @Optional() @Inject(NATS_INTAKE_METRICS) private readonly metrics?: NatsIntakeMetrics,
  ) {
    this.config = ledgerConfig.nats;
    if (this.config)
      this.principal = { id: this.config.principal, roles: ['service'], categories: this.config.categories, countries: [], via: 'nats' };
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  status(): NatsIntakeStatus {
    return { state: this.state, inFlight: this.queue.length + this.working, ...this.counts };
  }

  onApplicationBootstrap(): void {
    if (!this.config) return;
    this.state = 'starting';
    // In the background: the HTTP API serves while the bus is unreachable, and /health says so.
    this.running = this.run(this.config);
  }

  /** Stops taking messages, lets the batch in hand finish, hands the rest back to the server, closes the connection. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.config) return;
    this.stopping = true;
    this.messages?.stop();
    this.wakeWorker?.();
    this.wakePump?.();
    this.wakeRetry?.();
    await this.running;
    this.state = 'stopped';
  }

  private async run(config: NatsIntakeConfig): Promise<void> {
    try {
      while (!this.stopping) {
        try {
          if (!this.connection) {
            this.connection = await connect(natsConnectionOptions(config));
            void this.watchConnection(this.connection);
          }
          await ensureStreamAndConsumer(this.connection!, config);
          const consumer = await jetstream(this.connection).consumers.get(config.stream, config.consumer);
          this.messages = await consumer.consume({ max_messages: config.maxInFlight });
          if (this.stopping) this.messages.stop();
          this.state = 'running';
          this.pumpEnded = false;
          this.logger.log(`taking commands from ${config.subjectPrefix}.commands.> (stream ${config.stream}, consumer ${config.consumer})`);
          await Promise.all([this.pump(this.messages), this.work(config)]);
          if (!this.stopping) throw new Error('the consumer stopped delivering');
        } catch (error) {
          if (this.stopping) break;
          this.state = this.connection ? 'failed' : 'disconnected';
          this.logger.error(
            `NATS intake ${this.connection ? 'failed' : 'cannot reach the server'}, retrying in ${RETRY_MAX_MS} ms: ${(error as Error).message}`,
          );
          await this.wait(RETRY_MAX_MS);
        }
      }
    } finally {
      // Handed back for another instance; a server that still holds this client's pull request redelivers after the ack wait.
      for (const msg of this.queue.splice(0)) this.settle(() => msg.nak());
      await this.connection?.drain().catch(() => undefined);
    }
  }

  /** Sleeps, unless the app shuts down meanwhile. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeRetry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async watchConnection(connection: NatsConnection): Promise<void> {
    for await (const event of connection.status()) {
      if (event.type === 'disconnect') this.state = 'disconnected';
      if (event.type === 'reconnect' && this.state === 'disconnected') this.state = 'running';
    }
  }

  /** Moves delivered messages into the queue, waiting while it holds maxInFlight of them. */
  private async pump(messages: ConsumerMessages): Promise<void> {
    const max = this.config!.maxInFlight;
    for await (const msg of messages) {
      if (this.stopping) {
        this.settle(() => msg.nak());
        continue;
      }
      this.counts.received++;
      if (msg.redelivered) this.counts.redelivered++;
      this.metrics?.received(1, msg.redelivered ? 1 : 0);
      this.queue.push(msg);
      this.wakeWorker?.();
      while (this.queue.length >= max && !this.stopping) await new Promise<void>((resolve) => (this.wakePump = resolve));
    }
    this.pumpEnded = true;
    this.wakeWorker?.();
  }

  private async work(config: NatsIntakeConfig): Promise<void> {
    while (!this.stopping) {
      if (this.queue.length === 0) {
        if (this.pumpEnded) return;
        await new Promise<void>((resolve) => (this.wakeWorker = resolve));
        continue;
      }
      // One turn of the event loop first: the client hands over what it has already received one message per
      // microtask, so without it a batch would hold only what arrived while the last one was appended.
      if (this.queue.length < config.batchSize) await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = this.queue.splice(0, config.batchSize);
      this.working = batch.length;
      this.wakePump?.();
      try {
        await this.processBatch(batch, config);
      } catch (error) {
        // A bug, not the store: hand the messages back rather than lose them, and keep the intake alive.
        this.logger.error(`NATS intake batch failed: ${(error as Error).stack ?? String(error)}`);
        for (const msg of batch) this.requeue(msg, RETRY_MAX_MS);
      } finally {
        this.working = 0;
      }
    }
  }

  private async processBatch(batch: readonly JsMsg[], config: NatsIntakeConfig): Promise<void> {
    const commands = `${config.subjectPrefix}.commands`;
    const pending: Pending[] = [];
    for (const msg of batch) {
      const read = readCommandMessage(
        { subject: msg.subject, data: msg.data, header: (name) => msg.headers?.get(name) || undefined },
        commands,
        this.principal!,
        this.pseudonyms,
      );
      if (read.ok) pending.push({ msg, category: read.category, item: read.item });
      else this.reject(msg, read.problem, config);
    }
    await this.appendPending(pending, config);
  }

  /** Appends the batch's well-formed commands, settling each message by its own outcome. */
  private async appendPending(commands: readonly Pending[], config: NatsIntakeConfig): Promise<void> {
    let pending = [...commands];
    let retryMs = RETRY_FIRST_MS;
    while (pending.length > 0) {
      let outcome: BatchOutcome;
      try {
        outcome = await this.commandBus.execute(new ExecuteLedgerCommandBatch(pending.map((p) => p.item)));
      } catch (error) {
        if (!this.isStoreUnavailable(error)) {
          // An unexpected failure of the whole batch: one command at a time, so one bad command sinks only itself.
          if (pending.length > 1 && !isConcurrency(error)) {
            for (const p of pending) await this.appendPending([p], config);
            return;
          }
          return this.settleFailedBatch(pending, error, config);
        }
        if (!(await this.pauseBeforeRetry(pending, error, retryMs, config))) return;
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        continue;
      }
      if (outcome.ok) {
        this.resumed();
        pending.forEach((p, i) => this.accept(p, outcome.outcomes[i], config));
        return;
      }
      // What went in is acked; refused commands are rejected; the rest goes round again without them.
      outcome.appended.forEach((o, i) => this.accept(pending[i], o, config));
      const failed = new Map(outcome.failures.map((f) => [f.index, f.error]));
      let storeFailed: Error | undefined;
      const rest: Pending[] = [];
      pending.forEach((p, i) => {
        if (i < outcome.appended.length) return;
        const error = failed.get(i);
        if (error === undefined) rest.push(p);
        else if (this.isStoreUnavailable(error)) {
          storeFailed = error;
          rest.push(p);
        } else if (isRefusal(error)) this.reject(p.msg, problemDocument(error, p.msg.subject), config);
        else this.settleUnexpected(p, error, config);
      });
      pending = rest;
      if (storeFailed === undefined) {
        this.resumed();
        continue;
      }
      if (!(await this.pauseBeforeRetry(pending, storeFailed, retryMs, config))) return;
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  }

  private isStoreUnavailable(error: unknown): boolean {
    return error instanceof EventStoreUnavailableError;
  }

  /** The store is away: hold the batch (keeping its acks from timing out), stop taking more, retry. False when shutting down. */
  private async pauseBeforeRetry(pending: readonly Pending[], error: unknown, retryMs: number, config: NatsIntakeConfig): Promise<boolean> {
    if (this.state !== 'paused') {
      this.state = 'paused';
      this.counts.pauses++;
      this.metrics?.paused(true);
      this.logger.warn(`intake paused, the event store is unavailable: ${(error as Error).message}`);
    }
    if (this.stopping) {
      for (const p of pending) this.requeue(p.msg, 0);
      return false;
    }
    for (const p of pending) this.settle(() => p.msg.working());
    for (const msg of this.queue) this.settle(() => msg.working());
    await this.wait(Math.min(retryMs, config.ackWaitMs / 3));
    if (this.stopping) {
      for (const p of pending) this.requeue(p.msg, 0);
      return false;
    }
    return true;
  }

  private resumed(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.metrics?.paused(false);
    this.logger.log('intake resumed: the event store answers again');
  }

  /** A whole batch failed for a reason that is not the store: concurrency storms go round again, anything else is unexpected. */
  private settleFailedBatch(pending: readonly Pending[], error: unknown, config: NatsIntakeConfig): void {
    for (const p of pending) {
      if (isConcurrency(error)) this.requeue(p.msg, RETRY_FIRST_MS);
      else this.settleUnexpected(p, error, config);
    }
  }

  private settleUnexpected(p: Pending, error: unknown, config: NatsIntakeConfig): void {
    if (error instanceof ConcurrencyConflictError || p.msg.info.deliveryCount < MAX_UNEXPECTED_DELIVERIES) {
      this.logger.warn(
        `command ${p.item.options.idempotencyKey} failed (delivery ${p.msg.info.deliveryCount}), redelivering: ${(error as Error).message}`,
      );
      this.requeue(p.msg, Math.min(RETRY_MAX_MS, config.ackWaitMs));
      return;
    }
    this.logger.error(
      `command ${p.item.options.idempotencyKey} failed ${p.msg.info.deliveryCount} times; refusing it: ${(error as Error).stack ?? String(error)}`,
    );
    this.reject(p.msg, problemDocument(error, p.msg.subject), config);
  }

  private accept(p: Pending, outcome: CommandOutcome, config: NatsIntakeConfig): void {
    const answer = encoder.encode(
      JSON.stringify({
        commandId: outcome.commandId,
        stream: outcome.stream,
        replayed: outcome.replayed,
        events: outcome.events.map(({ eventId, type, revision, position }) => ({ eventId, type, revision, position })),
        message: { subject: p.msg.subject, sequence: p.msg.seq },
      }),
    );
    this.publish(`${config.subjectPrefix}.outcomes.${p.category}`, answer);
    this.answerReply(p.msg, answer);
    this.settle(() => p.msg.ack());
    this.count(outcome.replayed ? 'replayed' : 'appended');
  }

  /** Refused: said on `<prefix>.rejected` with the problem and the original message, then terminated (never redelivered). */
  private reject(msg: JsMsg, problem: ProblemDetails, config: NatsIntakeConfig): void {
    const headers: Record<string, string[]> = {};
    for (const [name, values] of msg.headers ?? []) headers[name] = values;
    const refusal = encoder.encode(
      JSON.stringify({
        problem,
        message: {
          subject: msg.subject,
          sequence: msg.seq,
          deliveries: msg.info.deliveryCount,
          headers,
          data: Buffer.from(msg.data).toString('utf8'),
        },
      }),
    );
    this.publish(`${config.subjectPrefix}.rejected`, refusal);
    this.answerReply(msg, refusal);
    // No reason text: servers before 2.10 ignore a `+TERM <reason>` and would redeliver the message.
    this.settle(() => msg.term());
    this.count('rejected', problem.code);
  }

  private requeue(msg: JsMsg, delayMs: number): void {
    this.settle(() => msg.nak(delayMs));
    this.count('requeued');
  }

  /** An ack, nak or term that cannot be sent (the connection closed) is the server's to redeliver: never a crash. */
  private settle(send: () => void): void {
    try {
      send();
    } catch (error) {
      this.logger.warn(`could not settle a message, the server will redeliver it: ${(error as Error).message}`);
    }
  }

  private answerReply(msg: JsMsg, body: Uint8Array): void {
    const replyTo = msg.headers?.get(REPLY_TO_HEADER);
    if (replyTo) this.publish(replyTo, body);
  }

  private publish(subject: string, body: Uint8Array): void {
    try {
      this.connection!.publish(subject, body);
    } catch (error) {
      // The outcome is in the ledger whatever happens to its announcement; a bad reply subject must not stop the ack.
      this.logger.warn(`could not publish on ${subject}: ${(error as Error).message}`);
    }
  }

  private count(settlement: IntakeSettlement, code?: string): void {
    this.counts[settlement]++;
    this.metrics?.settled(settlement, 1, code);
  }
}

/** Refusals: the command itself is wrong (form, rules, a reused key); sending it again cannot help. */
function isRefusal(error: unknown): boolean {
  return error instanceof DomainError || error instanceof IdempotencyKeyReusedError || error instanceof IdempotencyConflictError;
}

function isConcurrency(error: unknown): boolean {
  return error instanceof ConcurrencyConflictError || error instanceof WrongExpectedRevisionError;
}
