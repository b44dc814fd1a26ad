import { startLedgerApp, type LedgerTestApp } from '@ledger/test-support/http/ledger-app';
import { recordTraining } from '@ledger/test-support/http/bodies';
import { createKey, FIGURE_NAMES, projectedTo, seedTwoCountries } from '@ledger/test-support/http/access';
import request from 'supertest';

type Row = { group: Record<string, string | null>; measures: Record<string, unknown>; events: number; provenance: string };
type ProvenanceEvent = { stream: string; eventId: string; contributions: { dimensions: Record<string, string | null> }[] };

/** A regulator sees its countries' rows only: others are absent (not zeroed), totals add up visible rows, provenance names no other event. */
describe('regulator scope: figures and provenance hold nothing outside the granted countries', () => {
  let ledger: LedgerTestApp;
  let regulator: (path: string) => request.Test;
  let auditor: (path: string) => request.Test;
  beforeAll(async () => {
    ledger = await startLedgerApp();
    await seedTwoCountries(ledger);
    const key = (await createKey(ledger, { role: 'regulator', countries: ['MX'] })).key;
    regulator = (path) => request(ledger.app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);
    auditor = (path) => ledger.as('auditor').get(path);
  }, 60_000);
  afterAll(async () => ledger.close());

  it.each(FIGURE_NAMES)('%s grouped by country: MX rows only, never a zeroed AR/US row', async (figure) => {
    const everything = (await auditor(`/v1/figures/${figure}?groupBy=country`).expect(200)).body;
    expect(everything.rows.map((r: Row) => r.group.country)).toEqual(expect.arrayContaining(['AR', 'MX']));

    const scoped = (await regulator(`/v1/figures/${figure}?groupBy=country`).expect(200)).body;
    expect(scoped.rows.map((r: Row) => r.group.country)).toEqual(['MX']);
    expect(scoped.query.filters).toEqual({ country: ['MX'] });
    expect(scoped.rows[0].measures).toEqual(everything.rows.find((r: Row) => r.group.country === 'MX').measures);
    expect(JSON.stringify(scoped)).not.toMatch(/"AR"|"US"/);
  });

  it.each(FIGURE_NAMES)('%s total: computed over MX alone, as an auditor asking for MX gets it', async (figure) => {
    const scoped = (await regulator(`/v1/figures/${figure}`).expect(200)).body;
    const mxOnly = (await auditor(`/v1/figures/${figure}?country=MX`).expect(200)).body;
    const all = (await auditor(`/v1/figures/${figure}`).expect(200)).body;
    expect(scoped.rows).toEqual(mxOnly.rows);
    expect(scoped.events).toBe(mxOnly.events);
    expect(scoped.events).toBeLessThan(all.events);
  });

  it.each(FIGURE_NAMES)('%s grouped by year: the year totals add up MX rows only', async (figure) => {
    const scoped = (await regulator(`/v1/figures/${figure}?groupBy=year`).expect(200)).body;
    const mxOnly = (await auditor(`/v1/figures/${figure}?groupBy=year&country=MX`).expect(200)).body;
    expect(scoped.rows).toEqual(mxOnly.rows);
  });

  it.each(FIGURE_NAMES)('%s provenance: every event and contribution is MX, and every MX event is there', async (figure) => {
    const scoped = (await regulator(`/v1/figures/${figure}/provenance?limit=1000`).expect(200)).body;
    const everything = (await auditor(`/v1/figures/${figure}/provenance?limit=1000`).expect(200)).body;
    const mxEvents = new Set<string>();
    for (const event of everything.events as ProvenanceEvent[]) {
      if (event.contributions.some((c) => c.dimensions.country === 'MX')) mxEvents.add(event.eventId);
    }
    expect(scoped.events.length).toBeGreaterThan(0);
    expect((scoped.events as ProvenanceEvent[]).map((e) => e.eventId).sort()).toEqual([...mxEvents].sort());
    for (const event of scoped.events as ProvenanceEvent[]) {
      for (const contribution of event.contributions) expect(contribution.dimensions.country).toBe('MX');
    }
    expect(JSON.stringify(scoped)).not.toMatch(/-ar"|-ar-|"AR"|"US"/);
  });

  it('an event that moves a session from MX to AR shows the MX regulator only its MX side', async () => {
    await ledger
      .as('service')
      .post('/v1/trainings')
      .send({ ...recordTraining, trainingId: 'mx-moved', deliveredOn: '2023-02-01', endsOn: '2023-02-01' })
      .expect(201);
    const moved = await ledger
      .as('service')
      .post('/v1/trainings/mx-moved/corrections')
      .send({ changes: { country: 'AR', city: 'Rosario' }, reason: 'held in Rosario' })
      .expect(201);
    await projectedTo(ledger, moved.body.events[0].position);
    const page = (await regulator('/v1/figures/trainings/provenance?year=2023&limit=1000').expect(200)).body;
    const correction = (page.events as ProvenanceEvent[]).find((e) => e.eventId === moved.body.events[0].eventId)!;
    expect(correction.contributions.length).toBeGreaterThan(0);
    for (const contribution of correction.contributions) expect(contribution.dimensions.country).toBe('MX');
    expect(JSON.stringify(page)).not.toMatch(/"AR"|Rosario/);
    // The AR side is there for whoever may see AR.
    const ar = (await auditor('/v1/figures/trainings/provenance?year=2023&country=AR').expect(200)).body;
    expect((ar.events as ProvenanceEvent[]).map((e) => e.eventId)).toContain(moved.body.events[0].eventId);
  });

  it('provenance links in a scoped answer stay in scope when followed', async () => {
    const scoped = (await regulator('/v1/figures/trainings?groupBy=country,year').expect(200)).body;
    for (const row of scoped.rows as Row[]) {
      const page = (await regulator(row.provenance).expect(200)).body;
      for (const event of page.events as ProvenanceEvent[]) expect(event.stream).toMatch(/^training-mx-/);
    }
  });

  it.each([
    ['another country', '/v1/figures/funds?country=AR'],
    ['its own and another', '/v1/figures/funds?country=MX,US'],
    ['the same parameter twice', '/v1/figures/funds?country=MX&country=AR'],
    ['rows without a country', '/v1/figures/trainings/provenance?country=~'],
    ['another country in lower case', '/v1/figures/funds?country=ar'],
  ])('naming %s is refused (403), not answered with zeros', async (_, path) => {
    const refused = (await regulator(path).expect(403)).body;
    expect(refused.code).toBe('auth.out_of_scope');
  });

  it('the event log, streams and verify stay closed to a regulator, even for its own country', async () => {
    await regulator('/v1/streams/training-mx-1').expect(403);
    await regulator('/v1/events').expect(403);
    await regulator('/v1/audit/verify').expect(403);
  });
});
