export * from './ndjson-line';
export * from './batch-import';
export * from './ndjson-import';
export * from './json-depth';
