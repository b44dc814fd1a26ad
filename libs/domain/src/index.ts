export * from './shared';
export * from './ledger';
export * from './training';
export * from './le-request';
export * from './freeze';
export * from './incident';
