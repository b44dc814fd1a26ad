export * from './shared';
export * from './ledger';
export * from './training';
