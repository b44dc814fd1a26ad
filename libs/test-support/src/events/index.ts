// Per-category builders of valid domain events: sensible defaults, any field overridden by name.
export * from './event-builder';
export * from './freeze';
export * from './incident';
export * from './le-request';
export * from './training';
