import { CommandPipeline } from '@ledger/commands';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ExecuteLedgerCommandBatchHandler, ExecuteLedgerCommandHandler } from './execute-ledger-command';

/**
 * The CommandBus with the ledger's command handlers, over the CommandPipeline `pipeline` provides. The API imports
 * it with its metered pipeline; the CLI's `demo` and `import` open it in a bare application context, so every entry
 * (HTTP, import, bus intake, CLI) dispatches through the same handlers.
 */
@Module({})
export class LedgerCommandsModule {
  static register(pipeline: Provider<CommandPipeline>): DynamicModule {
    return {
      module: LedgerCommandsModule,
      imports: [CqrsModule.forRoot()],
      providers: [pipeline, ExecuteLedgerCommandHandler, ExecuteLedgerCommandBatchHandler],
      exports: [CqrsModule],
    };
  }
}
