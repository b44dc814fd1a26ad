export * from './le-request.events';
export * from './le-request.state';
export * from './le-request.decider';
export * from './receive-request/receive-request.command';
export * from './answer-request/answer-request.command';
export * from './withdraw-request/withdraw-request.command';
