// Three levels, told apart by suffix: .spec (unit), .int-spec (real store), .e2e-spec (whole app).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@ledger/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@ledger/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };
module.exports = {
  // Two workers even on two cores: many suites wait on child processes, servers and sockets, and the longest suite
  // (minutes of CPU) would otherwise hold the only worker while everything else queues behind it.
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  // Tests and hooks get 30 s, not jest's 5 s: on a loaded 2-core machine booting an application alone has taken over
  // 5 s. A test that needs longer says so itself.
  testTimeout: 30_000,
  testSequencer: '<rootDir>/libs/test-support/jest/longest-first-sequencer.js',
  reporters: ['default', '<rootDir>/libs/test-support/jest/plain-summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'] },
  ],
};
