import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import createClient from 'openapi-fetch';
import { receiveRequest } from '@ledger/test-support/http/bodies';
import { startLedgerApp, TEST_ADMIN_KEY, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import type { paths } from './ledger-api.openapi';

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; security?: unknown[] };

function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => typeof operation === 'object' && operation !== null && 'responses' in operation)
      .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation as Operation] as [string, Operation]),
  );
}

/**
 * The served OpenAPI document passes standard validators, declares every success answer with a schema, and
 * yields a typed client (openapi-typescript + openapi-fetch) that this suite then calls the API with.
 */
describe('OpenAPI document (/docs-json)', () => {
  let ledger: LedgerTestApp;
  let document: { paths: Record<string, Record<string, unknown>>; servers?: unknown[] };
  let baseUrl: string;

  beforeAll(async () => {
    ledger = await startLedgerApp();
    document = (await ledger.anonymous().get('/docs-json').expect(200)).body;
    await ledger.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(ledger.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => ledger.close());

  it('is valid for swagger-parser: schema-valid, every $ref resolves', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('has no errors under Redocly lint with the recommended rules', async () => {
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: '/docs-json',
      config: await createConfig({ extends: ['recommended'] }),
    });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  });

  it('sets servers, declares each success answer with a schema, and lists each security requirement once', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(30);
    const withoutSchema = operations
      .filter(
        ([, op]) =>
          !Object.entries(op.responses).some(
            ([status, r]) => status.startsWith('2') && Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
          ),
      )
      .map(([name]) => name);
    expect(withoutSchema).toEqual([]);
    const repeated = operations
      .filter(([, op]) => new Set((op.security ?? []).map((s) => JSON.stringify(s))).size !== (op.security ?? []).length)
      .map(([name]) => name);
    expect(repeated).toEqual([]);
  });

  it('matches the committed client types (regenerate with npm run openapi:client)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
    try {
      writeFileSync(join(dir, 'document.json'), JSON.stringify(document));
      const root = join(__dirname, '..', '..');
      const generated = execFileSync(
        process.execPath,
        [
          '-r',
          join(root, 'bench', 'support', 'register.js'),
          join(__dirname, 'write-openapi-client.ts'),
          '--from',
          join(dir, 'document.json'),
          '--stdout',
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(generated).toBe(readFileSync(join(__dirname, 'ledger-api.openapi.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drives the API through the generated typed client', async () => {
    const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    const service = await admin.POST('/v1/keys', { body: { role: 'service', categories: ['request'], label: 'typed client' } });
    const auditor = await admin.POST('/v1/keys', { body: { role: 'auditor', label: 'typed client auditor' } });
    expect(service.response.status).toBe(201);
    const asService = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${service.data!.key}` } });
    const asAuditor = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${auditor.data!.key}` } });

    const received = await asService.POST('/v1/le-requests', {
      body: { ...receiveRequest, kind: 'information', requestId: 'typed-1' },
      params: { header: { 'Idempotency-Key': 'typed-client-1' } },
    });
    expect(received.response.status).toBe(201);
    expect(received.data?.stream).toBe('request-typed-1');
    expect(received.data?.events.map((e) => e.type)).toEqual(['LawEnforcementRequestReceived']);

    const refused = await asService.POST('/v1/le-requests', { body: { ...receiveRequest, requestId: 'typed-2', kind: 'gossip' as never } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.code).toBe('validation');

    const head = await asAuditor.POST('/v1/audit/tree-heads');
    expect(head.data?.treeSize).toBeGreaterThanOrEqual(1);
    const proof = await asAuditor.GET('/v1/audit/proofs/inclusion', { params: { query: { position: received.data!.events[0].position } } });
    expect(proof.data?.treeSize).toBe(head.data?.treeSize);
    expect(proof.data?.treeHead?.rootHash).toBe(head.data?.rootHash);

    const figures = await asAuditor.GET('/v1/figures');
    expect(figures.data?.figures.map((f) => f.name)).toContain('le-requests');
    const live = await createClient<paths>({ baseUrl }).GET('/health/live');
    expect(live.data?.status).toBe('up');
  });
});
