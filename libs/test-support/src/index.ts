// The light entry: what decide/evolve specs and store specs need. Heavier support (the Nest app over HTTP, the figures
// harness) is imported by path, e.g. `@ledger/test-support/http/ledger-app`, so a domain spec does not load it.
export * from './decider/decider-spec';
export * from './events';
export * from './postgres/postgres-schemas';
export * from './postgres/scratch-database';
export * from './figures/figure-spec';
