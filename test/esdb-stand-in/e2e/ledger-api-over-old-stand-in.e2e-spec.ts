/**
 * The same e2e suite over a stand-in behaving as EventStoreDB 22.10, which sends no CaughtUp on subscriptions (the
 * projector and the Merkle follower then rely on the adapter's own caught-up detection). Runs every e2e spec, as
 * the 24.10 run does: about 25 s on two cores.
 */
import { startEsdbStandIn } from '../esdb-stand-in';

const previous = process.env.ESDB_STAND_IN_VERSION;
beforeAll(() => {
  process.env.ESDB_STAND_IN_VERSION = '22.10';
});
afterAll(() => {
  if (previous === undefined) delete process.env.ESDB_STAND_IN_VERSION;
  else process.env.ESDB_STAND_IN_VERSION = previous;
});

it('runs over a stand-in that sends no CaughtUp', async () => {
  const standIn = await startEsdbStandIn();
  expect([standIn.serverVersion, standIn.sendsCaughtUp]).toEqual(['22.10', false]);
  await standIn.close();
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./ledger-api-over-stand-in.e2e-spec');
