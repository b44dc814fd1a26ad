// The domain is pure: no framework, no store, no clock, no network. Libs never import apps.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain may import only its own files and decimal.js (exact money).',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^libs/domain/src', 'node_modules/decimal\\.js'],
      },
    },
    {
      name: 'domain-no-node-io',
      comment: 'no node core modules in the domain (fs, net, http, crypto clocks...).',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'libs-never-import-apps',
      comment: 'test support is the one lib that may: its HTTP harness starts the real ledger-api app.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/test-support/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-test-code-in-product',
      comment: "the EventStoreDB stand-in and test support stay out of the product (a lib's test/ folder holds its contract suites).",
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.(spec|int-spec|e2e-spec)\\.ts$|^libs/test-support|^libs/[^/]+/test/' },
      to: { path: '^(test/|libs/test-support)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist' },
  },
};
