import type { LedgerConfig } from '@ledger/config';
import { systemClock } from '@ledger/commands';
import { readGlobalLog } from '@ledger/audit';
import { PostgresEventIdRegistry, type RepeatedEventId } from '@ledger/shared-store';
import type { Command } from 'commander';
import { openEventStore } from '../../../ledger-api/src/store/event-store.provider';
import { configFrom, type StoreOptions } from '../ledger-environment';

/** Events claimed per statement. */
const PAGE_SIZE = 5000;

interface EventIdsOptions extends StoreOptions {
  readonly json?: boolean;
}

export interface EventIdsReport {
  readonly eventsClaimed: number;
  /** Events whose id another stream holds too (the first stream read keeps the claim). */
  readonly repeated: readonly RepeatedEventId[];
}

export function registerEventIdsCommand(program: Command): void {
  program
    .command('event-ids')
    .description(
      'claim the id of every event in the log in the PostgreSQL event-id registry (DATABASE_URL), once for a log written before it, ' +
        'and report every event id found in two streams (exit code 1)',
    )
    .option('--json', 'print the report as JSON on standard output')
    .option('--data-dir <dir>', 'embedded store location (overrides LEDGER_DATA_DIR)')
    .action(async (options: EventIdsOptions) => {
      const report = await claimEventIds(configFrom(options));
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        process.stdout.write(
          `ledger event-ids: ${report.eventsClaimed} event(s) claimed, ${report.repeated.length} id(s) found in two streams\n`,
        );
        for (const r of report.repeated) process.stdout.write(`  ${r.eventId} in ${r.stream}, claimed for ${r.claimedFor}\n`);
      }
      if (report.repeated.length > 0) process.exitCode = 1;
    });
}

export async function claimEventIds(config: LedgerConfig): Promise<EventIdsReport> {
  if (config.databaseUrl === undefined) throw new Error('ledger event-ids needs DATABASE_URL: the registry is a PostgreSQL table');
  const registry = new PostgresEventIdRegistry({ connectionString: config.databaseUrl });
  const events = openEventStore(config, systemClock);
  const repeated: RepeatedEventId[] = [];
  let eventsClaimed = 0;
  try {
    let page: { eventId: string; stream: string }[] = [];
    const flush = async () => {
      repeated.push(...(await registry.claimLogged(page)));
      eventsClaimed += page.length;
      page = [];
    };
    for await (const event of readGlobalLog(events, { pageSize: PAGE_SIZE })) {
      page.push({ eventId: event.eventId, stream: event.stream });
      if (page.length === PAGE_SIZE) await flush();
    }
    await flush();
  } finally {
    await events.close();
    await registry.close();
  }
  return { eventsClaimed, repeated };
}
