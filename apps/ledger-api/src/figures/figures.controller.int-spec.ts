import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { EVENT_STORE, SqliteEventStore } from '@ledger/event-store';
import { FIGURE_STORE, SqliteFigureStore } from '@ledger/figures';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { FiguresHttpModule } from './figures-http.module';
import { POSITION_CURSORS, PositionCursors } from '../security/position-cursors';

describe('FiguresHttpModule on one SQLite file (events and figures)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let app: INestApplication;

  const record = (id: string, country: string, participants: number, deliveredOn: string) =>
    events.appendToStream(
      `training-${id}`,
      [
        {
          eventId: randomUUID(),
          type: 'TrainingSessionRecorded',
          schemaVersion: 1,
          data: {
            trainingId: id,
            deliveredOn,
            country,
            format: 'in_person',
            agencies: [{ name: 'Policía', kind: 'police', country }],
            participants,
            topics: ['tracing'],
          },
          metadata: { actor: 'training-team' },
        },
      ],
      { expectedRevision: 'no_stream' },
    );

  async function projectedTo(position: number): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const { body } = await request(app.getHttpServer()).get('/v1/figures').expect(200);
      if (body.figures.every((f: { projectedTo: { position: number } | null }) => f.projectedTo?.position === position)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`figures did not reach position ${position}`);
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'figures-http-'));
    const file = join(dir, 'ledger.sqlite');
    events = new SqliteEventStore({ filename: file, pollIntervalMs: 20 });
    const moduleRef = await Test.createTestingModule({
      imports: [
        FiguresHttpModule.forRoot({
          providers: [
            { provide: EVENT_STORE, useValue: events },
            { provide: FIGURE_STORE, useFactory: () => new SqliteFigureStore({ filename: file }) },
            // The controller's jurisdiction interceptor (which the app's AuthModule provides for) seals cursors with it.
            { provide: POSITION_CURSORS, useValue: new PositionCursors(randomBytes(32)) },
          ],
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.enableShutdownHooks();
    await app.init();
  });

  afterEach(async () => {
    await app.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists definitions with methodology and answers a figure projected live in the API process', async () => {
    await record('cdmx', 'MX', 35, '2023-05-10');
    await record('baires', 'AR', 40, '2023-08-01');
    await projectedTo(2);
    const list = await request(app.getHttpServer()).get('/v1/figures').expect(200);
    expect(
      list.body.figures.map((f: { name: string; version: number; versions: number[] }) => `${f.name} v${f.version} (${f.versions})`),
    ).toEqual(['trainings v2 (1,2)', 'le-requests v2 (1,2)', 'funds v2 (1,2)', 'recovery-rate v2 (1,2)']);
    expect(list.body.figures[0].methodology.join(' ')).toMatch(/withdrawn session drops out/);
    expect(list.body.projector.state).toBe('caught-up');

    const answer = await request(app.getHttpServer()).get('/v1/figures/trainings?groupBy=country&asOf=2023-12-31').expect(200);
    expect(answer.body).toMatchObject({ figure: 'trainings', version: 2, knownAt: { position: 2 }, events: 2 });
    expect(answer.body.rows.map((r: { group: unknown; measures: { participants: number } }) => [r.group, r.measures.participants])).toEqual(
      [
        [{ country: 'AR' }, 40],
        [{ country: 'MX' }, 35],
      ],
    );

    await record('online', 'MX', 31, '2024-01-24');
    await projectedTo(3);
    const provenance = await request(app.getHttpServer()).get(answer.body.rows[1].provenance).expect(200);
    expect(provenance.body.events.map((e: { stream: string }) => e.stream)).toEqual(['training-cdmx']);
    const all = await request(app.getHttpServer()).get('/v1/figures/trainings/provenance?country=MX&limit=1').expect(200);
    expect(all.body.events).toHaveLength(1);
    expect(all.body.next).toBe('/v1/figures/trainings/provenance?country=MX&after=1&limit=1');
  });

  it('answers a bad query with problem details naming the problem, and an unknown figure with 404', async () => {
    await projectedTo(0);
    const bad = await request(app.getHttpServer()).get('/v1/figures/trainings?groupBy=asset').expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({
      status: 400,
      code: 'figures.invalid_group',
      detail: expect.stringContaining('groupBy asset is not a dimension of trainings'),
    });
    const unknown = await request(app.getHttpServer()).get('/v1/figures/nope').expect(404);
    expect(unknown.body.detail).toMatch(/no figure named nope/);
  });
});
