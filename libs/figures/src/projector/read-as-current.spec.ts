import { type EventSchema, LEDGER_EVENT_SCHEMAS } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { FiguresHarness } from '@ledger/test-support/figures/figures-harness';
import * as e from '@ledger/test-support/figures/ledger-events';
import { type FigureDefinition, trainingsFigureV2 } from '../definitions';
import { ProjectionError } from './projection-error';

/**
 * Old events stay readable: a hypothetical version 2 of TrainingSessionRecorded moves `participants` into
 * `attendance`. A figure written for version 2 reads the events through the upcaster, whatever version the log
 * holds, and the log keeps what was written.
 */
const v1ToV2 = (data: unknown) => {
  const { participants, ...rest } = data as { participants: number };
  return { ...rest, attendance: { participants } };
};
const SCHEMAS: Readonly<Record<string, EventSchema>> = {
  ...LEDGER_EVENT_SCHEMAS,
  TrainingSessionRecorded: { current: 2, upcasters: { 1: v1ToV2 } },
};

/** The trainings figure as a build knowing only version 2 would have it: it reads `attendance.participants`. */
const seen: number[] = [];
const trainingsReadingV2: FigureDefinition = {
  ...(trainingsFigureV2 as FigureDefinition),
  consumes: { ...trainingsFigureV2.consumes, TrainingSessionRecorded: [2] },
  // The version 1 definition is handed each event as the version 1 it reads (defineFigure checks the version).
  entityOf: (event: RecordedEvent) => trainingsFigureV2.entityOf({ ...event, schemaVersion: 1 }),
  apply(event: RecordedEvent, state: unknown) {
    if (event.type !== 'TrainingSessionRecorded') return (trainingsFigureV2 as FigureDefinition).apply(event, state);
    seen.push(event.schemaVersion);
    const { attendance, ...rest } = event.data as { attendance: { participants: number } };
    return (trainingsFigureV2 as FigureDefinition).apply(
      { ...event, schemaVersion: 1, data: { ...rest, participants: attendance.participants } },
      state,
    );
  },
};

const recordedV2 = (id: string, details: Record<string, unknown>) => {
  const v1 = e.training(id, details);
  return { ...v1, schemaVersion: 2, data: v1ToV2(v1.data) };
};

describe('Projector reading old schema versions', () => {
  const harnesses: FiguresHarness[] = [];
  const harness = () => {
    const h = new FiguresHarness({ positionBucketSize: 4, figures: [trainingsReadingV2], eventSchemas: SCHEMAS });
    harnesses.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  it('gives the same answers over a log mixing versions as over one of the current version only, and rewrites nothing', async () => {
    const mixed = harness();
    mixed.events.add(
      e.training('a', { participants: 10, deliveredOn: '2023-05-01' }),
      recordedV2('b', { participants: 20, deliveredOn: '2024-02-01', country: 'AR' }),
      e.training('c', { participants: 5, deliveredOn: '2024-03-01' }),
      e.correctTraining('a', { participants: 12 }),
    );
    const current = harness();
    current.events.add(
      recordedV2('a', { participants: 10, deliveredOn: '2023-05-01' }),
      recordedV2('b', { participants: 20, deliveredOn: '2024-02-01', country: 'AR' }),
      recordedV2('c', { participants: 5, deliveredOn: '2024-03-01' }),
      e.correctTraining('a', { participants: 12 }),
    );
    seen.length = 0;
    const answers = async (h: FiguresHarness) =>
      [await h.answer('trainings', { groupBy: 'year,country' }), await h.answer('trainings', {})].map((a) => a.rows);
    const fromMixed = await answers(mixed);
    // Hand-computed: 2023 MX a corrected to 12; 2024 AR b 20, MX c 5.
    expect(fromMixed[0].map((row) => [row.group.year, row.group.country, row.measures.participants])).toEqual([
      ['2023', 'MX', 12],
      ['2024', 'AR', 20],
      ['2024', 'MX', 5],
    ]);
    expect(fromMixed).toEqual(await answers(current));
    // The definition was only ever handed version 2.
    expect(new Set(seen)).toEqual(new Set([2]));
    // A rebuild reads the same old events again the same way.
    await mixed.projector.rebuild();
    expect(await answers(mixed)).toEqual(fromMixed);
    // History is never rewritten: the log still holds version 1 as written.
    const [first] = await mixed.events.readAll({ limit: 1 });
    expect([first.schemaVersion, (first.data as { participants?: number }).participants, 'attendance' in (first.data as object)]).toEqual([
      1,
      10,
      false,
    ]);
  });

  it('stops at an old version no upcaster reads, naming the event, and at a newer one than the figure knows', async () => {
    const h = harness();
    h.events.add(e.training('a', {}), { ...e.training('b', {}), schemaVersion: 0 });
    const failure = await h.project().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProjectionError);
    expect(failure).toMatchObject({ position: 2, schemaVersion: 0, message: expect.stringContaining('cannot be read by this build') });
    const newer = harness();
    newer.events.add({ ...e.training('c', {}), schemaVersion: 3 });
    await expect(newer.project()).rejects.toThrow(
      /projection trainings@v2 stopped .*schema version 3 of TrainingSessionRecorded is not one this projection knows/,
    );
  });
});
