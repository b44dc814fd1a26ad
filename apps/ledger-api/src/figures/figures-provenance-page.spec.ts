import type { FigureService, ProvenancePage } from '@ledger/figures';
import { FiguresController } from './figures.controller';
import type { FiguresProjectorService } from './figures-projector.service';

describe('FiguresController.provenance: the byte cap of a page', () => {
  it('ends a page at 4 MiB and links the next one after the last event kept, with the same filters', async () => {
    const big = (position: number) => ({
      position,
      eventId: `e${position}`,
      stream: 's',
      type: 'T',
      recordedAt: '',
      contributions: [{ note: 'x'.repeat(1024 * 1024) }],
    });
    const page = {
      figure: 'trainings',
      version: 1,
      knownAt: { position: 9, recordedAt: null },
      events: [1, 2, 3, 4, 5, 6].map(big),
      next: '/v1/figures/trainings/provenance?after=6',
    } as unknown as ProvenancePage;
    const figures = { provenance: async () => page } as unknown as FigureService;
    const projector = { health: () => ({ state: 'caught-up', position: 9 }) } as unknown as FiguresProjectorService;
    const auditor = { principal: { roles: ['auditor'] } };
    const controller = new FiguresController(figures, projector, undefined as never);
    const answer = await controller.provenance('trainings', { country: 'MX', limit: '100', after: '0' }, auditor);
    expect(answer.events.map((e) => e.position)).toEqual([1, 2, 3]);
    expect(answer.next).toBe('/v1/figures/trainings/provenance?country=MX&limit=100&after=3');
    const small = { ...page, events: [] };
    const untouched = await new FiguresController(
      { provenance: async () => small } as unknown as FigureService,
      projector,
      undefined as never,
    ).provenance('trainings', {}, auditor);
    expect(untouched).toEqual(small);
  });
});
