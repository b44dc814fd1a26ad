import { randomBytes } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** The NATS server these machines run (JetStream on); `.ci/run` starts it when it is not running. */
export const NATS_URL = process.env.LEDGER_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Stream, consumer and subjects unique to one test run (pid + random), so parallel runs never meet. */
export interface RunNames {
  readonly prefix: string;
  readonly stream: string;
  readonly consumer: string;
  /** LEDGER_NATS_* for an API taking commands on these names. */
  env(categories: string): Record<string, string>;
}

export function runNames(label: string): RunNames {
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const prefix = `ltest.${label}.${tag}`;
  const stream = `LTEST_${label}_${tag}`.toUpperCase();
  const consumer = `ledger_${tag}`;
  return {
    prefix,
    stream,
    consumer,
    env: (categories) => ({
      LEDGER_NATS_URL: NATS_URL,
      LEDGER_NATS_CATEGORIES: categories,
      LEDGER_NATS_SUBJECT_PREFIX: prefix,
      LEDGER_NATS_STREAM: stream,
      LEDGER_NATS_CONSUMER: consumer,
    }),
  };
}

/** A test's own connection: publishes commands, collects what the ledger announces, deletes the run's stream at the end. */
export class NatsTestClient {
  private constructor(
    readonly connection: NatsConnection,
    private readonly names: RunNames,
  ) {}

  static async open(names: RunNames): Promise<NatsTestClient> {
    return new NatsTestClient(await connect({ servers: NATS_URL, name: `ledger test ${names.consumer}` }), names);
  }

  /** Publishes into the stream and waits for JetStream's ack, so the message is stored. */
  async publish(category: string, body: string, options: { replyTo?: string; msgId?: string } = {}): Promise<number> {
    const h = natsHeaders();
    if (options.replyTo) h.set('Ledger-Reply-To', options.replyTo);
    const ack = await jetstream(this.connection).publish(`${this.names.prefix}.commands.${category}`, body, {
      headers: h,
      ...(options.msgId ? { msgID: options.msgId } : {}),
    });
    return ack.seq;
  }

  /** Every message on `subject`, parsed, as they arrive. */
  collect(subject: string): { readonly messages: Record<string, unknown>[]; readonly subscription: Subscription } {
    const messages: Record<string, unknown>[] = [];
    const subscription = this.connection.subscribe(subject, {
      callback: (_error, msg) => {
        messages.push({ subject: msg.subject, ...(msg.json() as object) });
      },
    });
    return { messages, subscription };
  }

  /** The durable consumer's counts: what is waiting, what is delivered and not acked. */
  async consumerState(): Promise<{ pending: number; ackPending: number; redelivered: number }> {
    const info = await (await jetstreamManager(this.connection)).consumers.info(this.names.stream, this.names.consumer);
    return { pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
  }

  async close(): Promise<void> {
    const manager = await jetstreamManager(this.connection);
    await manager.streams.delete(this.names.stream).catch(() => false);
    await this.connection.drain();
  }
}

/** Polls until `check` returns a value (not undefined), or fails with what it last saw. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** An incident report (one event) under a key of its own: the workhorse of these tests. */
export function reportIncident(key: string, incidentId = key): string {
  return JSON.stringify({
    type: 'ReportStolenFunds',
    idempotencyKey: key,
    data: { incidentId, usdValue: '1000.50', reportedAt: '2024-05-02T08:00:00Z', kind: 'hack', country: 'AR' },
  });
}
