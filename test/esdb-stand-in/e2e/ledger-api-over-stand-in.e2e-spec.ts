/**
 * The e2e suite, unchanged, with the API on LEDGER_EVENT_STORE=esdb over the protocol stand-in: every spec under
 * test/e2e is loaded here with its harness's `startLedgerApp` swapped for one that starts a stand-in.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

jest.mock('@ledger/test-support/http/ledger-app', () => jest.requireActual('./ledger-app-over-stand-in'));

const E2E_DIR = join(__dirname, '..', '..', 'e2e');
/** Specs that check SQLite's own numbering (positions 1, 2, 3...) rather than commands or figures: none today. */
const SQLITE_SPECIFIC: Record<string, string> = {};

describe('e2e over EventStoreDB (LEDGER_EVENT_STORE=esdb, protocol stand-in)', () => {
  for (const file of readdirSync(E2E_DIR)
    .filter((f) => f.endsWith('.e2e-spec.ts'))
    .sort()) {
    if (SQLITE_SPECIFIC[file]) {
      describe(`${file}: not run here, ${SQLITE_SPECIFIC[file]}`, () => it.todo(SQLITE_SPECIFIC[file]));
      continue;
    }
    describe(file, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(E2E_DIR, file));
    });
  }
});
