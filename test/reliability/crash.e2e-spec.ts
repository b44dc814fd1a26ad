// The kill -9 test at its CI size (one seed, three kills, four clients; about 20 s) as part of `npm test`.
// `npm run test:crash` runs the same suite alone, sized by CRASH_SEEDS, CRASH_ROUNDS and CRASH_CLIENTS.
import './crash.crash-spec';
