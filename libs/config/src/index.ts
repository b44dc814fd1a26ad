export * from './ledger-config';
