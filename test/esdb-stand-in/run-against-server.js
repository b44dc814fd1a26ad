#!/usr/bin/env node
'use strict';
// `npm run test:esdb`: the EventStore contract suite and the e2e specs written for a shared log, against the real
// EventStoreDB (or cluster) at EVENTSTORE_URL, e.g. esdb://localhost:2113?tls=false. See docs/production.md.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const url = process.env.EVENTSTORE_URL;
if (!url) {
  console.error('test:esdb needs EVENTSTORE_URL, the connection string of a real EventStoreDB, e.g. esdb://localhost:2113?tls=false');
  process.exit(2);
}
const root = join(__dirname, '..', '..');
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
// The e2e spec first: the API's projector stops at an event type it does not know, such as the contract suite's,
// so it needs a server whose log holds ledger events only (a fresh one, or one only test:esdb e2e has written).
const runs = [
  // The API over the server: log paging, as-known-at, restatements and refused positions on byte offsets.
  ['test/esdb-stand-in/e2e/byte-offset-positions.e2e-spec.ts'],
  // The contract suite (its real-server block runs because EVENTSTORE_URL is set) and the adapter's stand-in checks.
  ['libs/event-store/src/esdb/esdb-event-store.int-spec.ts'],
];
let status = 0;
for (const suites of runs) {
  const result = spawnSync(process.execPath, [jest, '--runInBand', ...suites, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LEDGER_E2E_EVENTSTORE_URL: url },
  });
  status = status || (result.status ?? 1);
}
process.exit(status);
