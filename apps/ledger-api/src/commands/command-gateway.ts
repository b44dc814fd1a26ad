import { ID_SOURCE, type CommandInput, type IdSource } from '@ledger/commands';
import { streamName, type Category } from '@ledger/domain';
import { canonicalJson, sha256Hex } from '@ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { v5 as uuidv5 } from 'uuid';
import { REPLAYED_HEADER, type CommandRequestContext } from '../http/command-headers';
import { currentRequestContext } from '../observability/request-context';
import type { CommandAccepted } from './command-accepted.dto';
import { ExecuteLedgerCommand } from './execute-ledger-command';

/** Namespace of aggregate ids derived from an Idempotency-Key (so a retried creation targets the same stream). */
const AGGREGATE_ID_NAMESPACE = 'b7e4c0de-5a0f-4c3e-9d59-6f1a2e8c4b10';

/**
 * From HTTP to the CommandBus and back: hashes the request for idempotency, sends the command, and shapes the
 * 201 answer (Location for creations, `Idempotent-Replayed` on a retry).
 */
@Injectable()
export class CommandGateway {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  /** The id of a new aggregate: derived from the Idempotency-Key when there is one, so a retry lands in the same stream. */
  newAggregateId(category: Category, context: CommandRequestContext): string {
    if (context.idempotencyKey === undefined) return this.ids.uuid();
    return uuidv5(`${category}\n${context.actor}\n${context.idempotencyKey}`, AGGREGATE_ID_NAMESPACE);
  }

  async send(
    command: CommandInput,
    context: CommandRequestContext,
    response: Response,
    creates?: { category: Category; id: string },
  ): Promise<CommandAccepted> {
    // Lines logged while the command runs carry its correlation id: the caller's, else its Idempotency-Key (the command id).
    const requestContext = currentRequestContext();
    if (requestContext !== undefined) requestContext.correlationId ??= context.correlationId ?? context.idempotencyKey;
    const outcome = await this.commandBus.execute(
      new ExecuteLedgerCommand(command, {
        actor: context.actor,
        // The hash covers the command as validated (type, path ids and whitelisted body), not raw bytes.
        requestHash: sha256Hex(canonicalJson(command)),
        ...(context.idempotencyKey !== undefined ? { idempotencyKey: context.idempotencyKey } : {}),
        ...(context.correlationId !== undefined ? { correlationId: context.correlationId } : {}),
      }),
    );
    // Without either, the command id is known only now.
    if (requestContext !== undefined) requestContext.correlationId ??= outcome.commandId;
    if (outcome.replayed) response.setHeader(REPLAYED_HEADER, 'true');
    if (creates) response.setHeader('Location', `/v1/streams/${encodeURIComponent(streamName(creates.category, creates.id))}`);
    return {
      commandId: outcome.commandId,
      stream: outcome.stream,
      events: outcome.events.map(({ eventId, type, revision, position }) => ({ eventId, type, revision, position })),
    };
  }
}

/** DTO instances to plain command data: drops absent optional fields so they never reach an event as `undefined`. */
export function commandData<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
