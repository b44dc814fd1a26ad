export * from './decider-spec';
export * from './postgres-schemas';
