// Starts the suites known to take longest first, then jest's own order (its timing cache, else file size). On a clean
// checkout jest has no timings, so a suite of minutes (the public record seeds and rebuilds the whole demo) could start
// last and run alone at the end: started first, it runs beside everything else.
const Sequencer = require('@jest/test-sequencer').default;

// Measured with `npx jest --json` on the shared 2-core machine (2026-12-02), longest first; a path that no longer
// exists is simply not matched.
const LONGEST = [
  'libs/figures/test/public-record.e2e-spec.ts',
  'test/cli/ledger-cli.int-spec.ts',
  'test/audit/bundle.e2e-spec.ts',
  'test/esdb-stand-in/e2e/ledger-api-over-stand-in.e2e-spec.ts',
  'test/esdb-stand-in/e2e/ledger-api-over-old-stand-in.e2e-spec.ts',
  'test/dashboard/dashboard.e2e-spec.ts',
  'test/security/access-matrix.e2e-spec.ts',
  'libs/figures/test/money-range.int-spec.ts',
  'test/reliability/fuzz.e2e-spec.ts',
];

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const index = LONGEST.findIndex((suffix) => test.path.endsWith(suffix));
      return index < 0 ? LONGEST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep jest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
module.exports = LongestFirstSequencer;
