import { CommandPipeline, randomIds, systemClock } from '@ledger/commands';
import type { BatchExecutor } from '@ledger/commands/import';
import type { EventStore } from '@ledger/event-store';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { batchesThroughBus } from '../../ledger-api/src/commands/execute-ledger-command';
import { LedgerCommandsModule } from '../../ledger-api/src/commands/ledger-commands.module';

/**
 * Runs `work` with the API's CommandBus and command handlers over `store`, in a bare Nest application context (no
 * HTTP), so the CLI's `demo` and `import` take the same path as every other entry. The caller keeps the store.
 */
export async function withCommandBus<T>(store: EventStore, work: (batches: BatchExecutor) => Promise<T>): Promise<T> {
  const pipeline = { provide: CommandPipeline, useValue: new CommandPipeline(store, systemClock, randomIds) };
  const context = await NestFactory.createApplicationContext(LedgerCommandsModule.register(pipeline), { logger: false });
  try {
    return await work(batchesThroughBus(context.get(CommandBus)));
  } finally {
    await context.close();
  }
}
