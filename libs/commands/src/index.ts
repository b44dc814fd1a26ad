export * from './clock';
export * from './command.errors';
export * from './command-outcome';
export * from './command-pipeline';
