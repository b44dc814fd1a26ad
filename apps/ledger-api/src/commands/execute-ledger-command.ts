import {
  CommandPipeline,
  type BatchItem,
  type BatchOutcome,
  type CommandInput,
  type CommandOutcome,
  type ExecuteOptions,
} from '@ledger/commands';
import type { BatchExecutor } from '@ledger/commands/import';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

/** Any ledger command, on its way through the CommandBus. */
export class ExecuteLedgerCommand extends Command<CommandOutcome> {
  constructor(
    readonly input: CommandInput,
    readonly options: ExecuteOptions,
  ) {
    super();
  }
}

/**
 * One handler for every command: the pipeline reads the stream, folds, decides and appends. Business rules
 * live in the domain's deciders, never here.
 */
@CommandHandler(ExecuteLedgerCommand)
export class ExecuteLedgerCommandHandler implements ICommandHandler<ExecuteLedgerCommand, CommandOutcome> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ExecuteLedgerCommand): Promise<CommandOutcome> {
    return this.pipeline.execute(command.input, command.options);
  }
}

/** Commands decided together and appended with one write (bus intake); a refused one refuses the batch. */
export class ExecuteLedgerCommandBatch extends Command<BatchOutcome> {
  constructor(readonly items: readonly BatchItem[]) {
    super();
  }
}

@CommandHandler(ExecuteLedgerCommandBatch)
export class ExecuteLedgerCommandBatchHandler implements ICommandHandler<ExecuteLedgerCommandBatch, BatchOutcome> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ExecuteLedgerCommandBatch): Promise<BatchOutcome> {
    return this.pipeline.executeBatch(command.items);
  }
}

/** An import's batches sent through the CommandBus, so a bulk intake takes the same path as a single command. */
export function batchesThroughBus(commandBus: CommandBus): BatchExecutor {
  return { executeBatch: (items) => commandBus.execute(new ExecuteLedgerCommandBatch(items)) };
}
