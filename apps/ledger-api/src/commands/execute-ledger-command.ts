import { CommandPipeline, type CommandInput, type CommandOutcome, type ExecuteOptions } from '@ledger/commands';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

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
