import type { NatsIntakeConfig } from '@ledger/config';
import {
  AckPolicy,
  DeliverPolicy,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';

/** The stream on `<prefix>.commands.>` and the durable pull consumer, made when missing (an existing stream gets the subject added). */
export async function ensureStreamAndConsumer(connection: NatsConnection, config: NatsIntakeConfig): Promise<void> {
  const manager = await jetstreamManager(connection);
  const subject = `${config.subjectPrefix}.commands.>`;
  const stream = await manager.streams.info(config.stream).catch(notFound(JetStreamApiCodes.StreamNotFound));
  if (stream === undefined) {
    await manager.streams.add({ name: config.stream, subjects: [subject], retention: RetentionPolicy.Limits, storage: StorageType.File });
  } else if (!stream.config.subjects?.includes(subject)) {
    await manager.streams.update(config.stream, { ...stream.config, subjects: [...(stream.config.subjects ?? []), subject] });
  }
  const consumer = await manager.consumers.info(config.stream, config.consumer).catch(notFound(JetStreamApiCodes.ConsumerNotFound));
  const wanted = {
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(config.ackWaitMs),
    max_ack_pending: config.maxInFlight,
    filter_subject: subject,
  };
  if (consumer === undefined) {
    await manager.consumers.add(config.stream, {
      durable_name: config.consumer,
      deliver_policy: DeliverPolicy.All,
      max_deliver: -1,
      ...wanted,
    });
  } else if (consumer.config.max_ack_pending !== wanted.max_ack_pending || consumer.config.ack_wait !== wanted.ack_wait) {
    await manager.consumers.update(config.stream, config.consumer, { ack_wait: wanted.ack_wait, max_ack_pending: wanted.max_ack_pending });
  }
}

function notFound(code: number): (error: unknown) => undefined {
  return (error) => {
    if (error instanceof JetStreamApiError && error.code === code) return undefined;
    throw error;
  };
}
