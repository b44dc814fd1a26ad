import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FigureService } from '@ledger/figures/query/figure-service';
import { Projector, type ProjectorOptions } from '@ledger/figures/projector/projector';
import { SqliteFigureStore } from '@ledger/figures/sqlite/sqlite-figure-store';
import type { FigureStore } from '@ledger/figures/figure-store.port';
import { MemoryEventStore } from './memory-event-store';

/** An in-memory log, a SQLite figure store in a temp dir of its own, a projector and the query service. */
export class FiguresHarness {
  readonly events: MemoryEventStore;
  readonly dir = mkdtempSync(join(tmpdir(), 'figures-'));
  readonly store: FigureStore;
  readonly projector: Projector;
  readonly service: FigureService;

  /** `recordedAt`: when the log records events not given a time (stocks stand at most at the last one). */
  constructor(options: ProjectorOptions & { store?: FigureStore; recordedAt?: string } = {}) {
    const recordedAt = options.recordedAt ?? '2025-01-01T00:00:00.000Z';
    this.events = new MemoryEventStore(() => recordedAt);
    this.store = options.store ?? new SqliteFigureStore({ filename: join(this.dir, 'ledger.sqlite') });
    this.projector = new Projector(this.events, this.store, options);
    this.service = new FigureService(this.events, this.store, { figures: options.figures, positionBucketSize: options.positionBucketSize });
  }

  async project(): Promise<void> {
    await this.projector.catchUp();
  }

  async answer(name: string, params: Record<string, string> = {}) {
    await this.project();
    return this.service.answer(name, params);
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.events.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

type HarnessOptions = ConstructorParameters<typeof FiguresHarness>[0];

/** Harnesses of one suite, made with shared defaults and closed together (`closeAll` in an afterEach or afterAll). */
export function harnessPool(defaults: HarnessOptions = {}): { make(options?: HarnessOptions): FiguresHarness; closeAll(): Promise<void> } {
  const made: FiguresHarness[] = [];
  return {
    make(options = {}) {
      const h = new FiguresHarness({ ...defaults, ...options });
      made.push(h);
      return h;
    },
    async closeAll() {
      for (const h of made.splice(0)) await h.close();
    },
  };
}
