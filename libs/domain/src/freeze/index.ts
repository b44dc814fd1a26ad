export * from './freeze.events';
export * from './freeze.state';
export * from './freeze.decider';
export { ACCOUNT_PSEUDONYM_PATTERN, ASSET_CODE_PATTERN, MAX_ACCOUNTS_PER_FREEZE } from './freeze.rules';
export * from './freeze-funds/freeze-funds.command';
export * from './release-funds/release-funds.command';
export * from './seize-funds/seize-funds.command';
export * from './return-funds/return-funds.command';
