'use strict';
// Runs the TypeScript sources directly (bench suite, reliability tests, the API under test) without a build:
// compiles each .ts file with @swc/core as it is required, with the same options as jest, and resolves the
// `@ledger/<lib>` aliases of tsconfig.json to libs/<lib>/src.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

process.setSourceMapsEnabled?.(true);
const root = path.resolve(__dirname, '..', '..');
const aliasPattern = /^@ledger\/([a-z-]+)(\/.*)?$/;

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveLedgerAlias(request, parent, isMain, options) {
  const match = aliasPattern.exec(request);
  if (match) request = path.join(root, 'libs', match[1], 'src', match[2] ?? '');
  return originalResolve.call(this, request, parent, isMain, options);
};

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};
