export * from './training.events';
export * from './training.state';
export * from './training.decider';
export * from './record-session/record-session.command';
export * from './correct-session/correct-session.command';
export * from './withdraw-session/withdraw-session.command';
export { MAX_PARTICIPANTS } from './training.rules';
