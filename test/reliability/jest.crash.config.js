// `npm run test:crash`: the kill -9 test, kept out of the default jest projects because it starts and kills
// real API processes. Size with CRASH_ROUNDS, CRASH_CLIENTS and CRASH_SEEDS (see crash.crash-spec.ts).
const root = require('node:path').resolve(__dirname, '..', '..');
const base = require(`${root}/jest.config.js`).projects[0];

module.exports = {
  ...base,
  rootDir: root,
  displayName: 'crash',
  testMatch: ['<rootDir>/test/reliability/**/*.crash-spec.ts'],
  testTimeout: 15 * 60_000,
};
