export * from './ledger-config';
export * from './nats-config';
