export * from './decider-spec';
export * from './postgres-schemas';
export * from './figure-spec';
