export * from './event-store.port';
export * from './event-store.errors';
export * from './event-id-registry';
export * from './content-hash';
export * from './subscription';
export * from './observable';
export * from './create-event-store';
export * from './sqlite/sqlite-event-store';
