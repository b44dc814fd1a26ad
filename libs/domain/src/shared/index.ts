export * from './domain-event';
export * from './domain-error';
export * from './money';
export * from './validation';
export * from './types';
export * from './citations';
export * from './corrections';
export * from './upcasting';
