import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyLedger } from '@ledger/audit';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { FigureService, Projector, SqliteFigureStore } from '@ledger/figures';
import Database from 'better-sqlite3';
import { freezeFunds } from '@ledger/test-support/http/bodies';
import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { FIGURE_NAMES, seedTwoCountries } from '@ledger/test-support/http/access';

const RAW_ACCOUNT = 'UID-1001';
const NAME = 'Ana Ejemplo Rivera';

/** Every file of an SQLite database as bytes (the WAL holds recent pages until a checkpoint). */
function fileBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

async function* wholeLog(store: EventStore): AsyncGenerator<RecordedEvent> {
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    yield* page;
    if (page.length < 1000) return;
    after = page[page.length - 1].position;
  }
}

describe('personal data: pseudonyms in events, sealed details, erasure by destroying the key', () => {
  let ledger: LedgerTestApp;
  let events: SqliteEventStore;
  beforeAll(async () => {
    ledger = await startLedgerApp();
    await seedTwoCountries(ledger);
    events = new SqliteEventStore({ filename: join(ledger.dataDir, 'events.sqlite') });
  }, 60_000);
  afterAll(async () => {
    await events.close();
    await ledger.close();
  });

  const figureAnswers = async () =>
    Promise.all(
      FIGURE_NAMES.map(async (name) => (await ledger.as('auditor').get(`/v1/figures/${name}?groupBy=year,country`).expect(200)).body),
    );

  it('a raw account id becomes a keyed pseudonym before any event is written', async () => {
    const [frozen] = (await ledger.as('auditor').get('/v1/streams/freeze-fz-mx').expect(200)).body.events;
    expect(frozen.data.accounts).toEqual([expect.stringMatching(/^p[0-9a-f]{8}:[0-9a-f]{64}$/)]);
    expect(JSON.stringify(await ledger.allEvents())).not.toContain(RAW_ACCOUNT);
    expect(fileBytes(join(ledger.dataDir, 'events.sqlite')).includes(RAW_ACCOUNT)).toBe(false);
  });

  it('an import line with accountIds gets the same pseudonyms as the single command', async () => {
    const line = JSON.stringify({
      type: 'FreezeFunds',
      data: { ...freezeFunds, freezeId: 'fz-imported', country: 'MX', accountIds: [RAW_ACCOUNT, 'UID-2002'] },
    });
    await ledger.as('service').post('/v1/import').set('Content-Type', 'application/x-ndjson').send(`${line}\n`).expect(201);
    const [imported] = (await ledger.as('auditor').get('/v1/streams/freeze-fz-imported').expect(200)).body.events;
    const [single] = (await ledger.as('auditor').get('/v1/streams/freeze-fz-mx').expect(200)).body.events;
    expect(imported.data.accounts).toEqual([single.data.accounts[0], expect.stringMatching(/^p[0-9a-f]{8}:[0-9a-f]{64}$/)]);
    expect(imported.data.accountIds).toBeUndefined();
    expect(JSON.stringify(imported)).not.toContain('UID-');
  });

  it('records, reads back, then erases a subject: details unreadable, figures and verify unchanged, rebuild identical', async () => {
    const [frozen] = (await ledger.as('auditor').get('/v1/streams/freeze-fz-mx').expect(200)).body.events;
    const recorded = await ledger
      .as('service')
      .post('/v1/subjects')
      .send({ subjectId: RAW_ACCOUNT, details: { name: NAME, dateOfBirth: '1990-02-03' } })
      .expect(201);
    // The subject's pseudonym is the one its account carries in the freeze: the link survives, the identity does not.
    expect(recorded.body.subject).toBe(frozen.data.accounts[0]);
    const subject: string = recorded.body.subject;

    const read = (await ledger.as('auditor').get(`/v1/subjects/${subject}`).expect(200)).body;
    expect(read.records).toEqual([
      { recordedAt: expect.any(String), recordedBy: ledger.actors.service, details: { name: NAME, dateOfBirth: '1990-02-03' } },
    ]);
    // Sealed at rest: neither the name nor the raw id is in the security log's bytes.
    const securityLog = fileBytes(join(ledger.dataDir, 'security.sqlite'));
    expect(securityLog.includes(NAME)).toBe(false);
    expect(securityLog.includes(RAW_ACCOUNT)).toBe(false);

    const keyFile = join(ledger.dataDir, 'subject-keys.sqlite');
    const vault = new Database(keyFile, { readonly: true });
    const key = (vault.prepare('SELECT key FROM subject_keys WHERE subject = ?').get(subject) as { key: Buffer }).key;
    vault.close();
    expect(key).toHaveLength(32);

    const figuresBefore = await figureAnswers();
    const verifiedBefore = await verifyLedger(wholeLog(events));
    expect(verifiedBefore.ok).toBe(true);

    const erased = await ledger
      .as('admin')
      .post(`/v1/subjects/${subject}/erasure`)
      .send({ reason: 'data subject request 2025-118' })
      .expect(200);
    expect(erased.body).toEqual({ subject, erasedAt: expect.any(String), keyDestroyed: true });

    const gone = await ledger.as('auditor').get(`/v1/subjects/${subject}`).expect(410);
    expect(gone.body.code).toBe('subject.erased');
    // The key's bytes are overwritten in the key file and its WAL, not merely unlinked from the table.
    expect(fileBytes(keyFile).includes(key)).toBe(false);
    // Erasing again changes nothing; new details for an erased subject are refused.
    expect((await ledger.as('admin').post(`/v1/subjects/${subject}/erasure`).send({ reason: 'again' }).expect(200)).body).toMatchObject({
      keyDestroyed: false,
      erasedAt: erased.body.erasedAt,
    });
    expect(
      (
        await ledger
          .as('service')
          .post('/v1/subjects')
          .send({ subjectId: RAW_ACCOUNT, details: { name: NAME } })
          .expect(409)
      ).body.code,
    ).toBe('subject.erased');

    // Every figure answers as before, the log verifies to the same root, and a rebuild from position 0 gives the same bytes.
    expect(await figureAnswers()).toEqual(figuresBefore);
    const verifiedAfter = await verifyLedger(wholeLog(events));
    expect(verifiedAfter).toMatchObject({ ok: true, rootHash: verifiedBefore.rootHash, eventsChecked: verifiedBefore.eventsChecked });

    const rebuilt = new SqliteFigureStore({ filename: ':memory:' });
    try {
      await new Projector(events, rebuilt).rebuild();
      const service = new FigureService(events, rebuilt);
      for (const [i, name] of FIGURE_NAMES.entries()) {
        expect(JSON.stringify(await service.answer(name, { groupBy: 'year,country' }))).toBe(JSON.stringify(figuresBefore[i]));
      }
    } finally {
      await rebuilt.close();
    }

    // The erasure is itself on record, by whom and why.
    const log = (await ledger.as('auditor').get('/v1/security/events?limit=1000').expect(200)).body.events;
    const erasure = log.find((e: { type: string }) => e.type === 'SubjectKeyErased');
    expect(erasure).toMatchObject({
      stream: `subject-${subject}`,
      data: { subject, reason: 'data subject request 2025-118' },
      metadata: { actor: ledger.actors.admin },
    });
  });

  it('refuses a raw identifier where a pseudonym is expected, without echoing it', async () => {
    const refused = await ledger.as('auditor').get(`/v1/subjects/${RAW_ACCOUNT}`).expect(400);
    expect(JSON.stringify(refused.body.errors)).not.toContain(RAW_ACCOUNT);
    await ledger
      .as('auditor')
      .get(`/v1/subjects/p00000000:${'0'.repeat(64)}`)
      .expect(404);
  });
});
