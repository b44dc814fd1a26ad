import type { EventStore } from '@ledger/event-store';
import type { ModuleRef } from '@nestjs/core';
import type { FiguresProjectorService } from '../figures/figures-projector.service';
import type { Lifecycle } from './lifecycle';
import { ProbesController } from './probes.controller';

function probes(figures: Pick<FiguresProjectorService, 'status' | 'standby' | 'stopped'>): ProbesController {
  const store = { headPosition: async () => 7 } as unknown as EventStore;
  const lifecycle = { isDraining: false } as unknown as Lifecycle;
  const moduleRef = { get: () => figures } as unknown as ModuleRef;
  return new ProbesController(store, lifecycle, moduleRef);
}

describe('readiness and the projector lease', () => {
  it('given an idle projector that waits while another instance holds the lease, then ready: a standby serves as well', async () => {
    await expect(probes({ status: { state: 'idle' }, standby: true, stopped: false }).ready()).resolves.toEqual({ status: 'ready' });
  });

  it('given an idle projector still starting (preparing before it runs), then ready: it is not a stopped one', async () => {
    await expect(probes({ status: { state: 'idle' }, standby: false, stopped: false }).ready()).resolves.toEqual({ status: 'ready' });
  });

  it('given a projection loop that ended before shutdown, then not ready', async () => {
    await expect(probes({ status: { state: 'idle' }, standby: false, stopped: true }).ready()).rejects.toMatchObject({
      response: { code: 'not_ready' },
    });
  });

  it('given a failed projector, then not ready, standby or not', async () => {
    const failed = { state: 'failed', error: new Error('cannot apply') } as const;
    await expect(probes({ status: failed, standby: true, stopped: false }).ready()).rejects.toMatchObject({
      response: { code: 'not_ready' },
    });
  });
});
