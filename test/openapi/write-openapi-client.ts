// `npm run openapi:client`: builds the app on a temporary data dir, takes its OpenAPI document and writes the
// typed client's types next to this file. `--from <file> --stdout` turns a saved document into the types on stdout
// instead (the e2e suite checks the committed types that way; openapi-typescript needs require(esm), which jest lacks).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import request from 'supertest';
import { createApp } from '../../apps/ledger-api/src/app.factory';
import { TEST_AUTH_ENV } from '@ledger/test-support/http/ledger-app';
import { CLIENT_TYPES_FILE, clientTypesOf } from './openapi-client';

async function servedDocument(): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
  const app = await createApp(loadConfig({ LEDGER_DATA_DIR: dataDir, PORT: '0', ...TEST_AUTH_ENV }), { logger: false });
  try {
    return (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as object;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<void> {
  const from = args.indexOf('--from');
  const document = from >= 0 ? (JSON.parse(readFileSync(args[from + 1], 'utf8')) as object) : await servedDocument();
  const types = await clientTypesOf(document);
  if (args.includes('--stdout')) {
    process.stdout.write(types);
    return;
  }
  writeFileSync(CLIENT_TYPES_FILE, types);
  process.stdout.write(`wrote ${CLIENT_TYPES_FILE}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
