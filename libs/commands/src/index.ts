export * from './clock';
export * from './command.errors';
export * from './command-pipeline';
