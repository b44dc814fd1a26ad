import type { RecordedEvent } from '@ledger/event-store';
import { type FigureDefinition, figureKey, rollupCubes } from '../definitions/figure-definition';
import type { Checkpoint, FigureStore } from '../figure-store.port';
import { consumedEntity, FigureBatch } from './batch-projection';
import { limitHeapGrowthForBuilds } from './build-heap';
import { DEFAULT_SLICE_MS, TimeSlice } from '../event-loop-turns';

/**
 * Bounds of a build (a full projection of some figures from position 0, beside what answers today). A build keeps
 * entity states in memory across chunks and writes only contributions as it goes; the store derives the rollups
 * from them at the end (deriveRollups: one INSERT ... SELECT per grain and cube, instead of a rollup delta per
 * cell and batch through the driver). The bound keeps a 10M-event build within the projector's memory budget.
 */
export interface BuildLimits {
  /** Events per chunk: contributions are written at least once per chunk. */
  readonly chunkEvents: number;
  /** Contribution rows held across every figure before they are written (within a chunk too): what an event adds
   *  varies by figure and history, so this, not the events, bounds the rows in memory. */
  readonly maxContributions: number;
  /** Entity states held across every figure before they are written and dropped from memory. */
  readonly maxEntities: number;
}

/** Rows a build commits at a time, with turns of the event loop between commits: a SQLite commit of 40,000
 *  contributions held the loop 400-650 ms on the 75k bench history; at 20,000, no piece of a 250k rebuild (commit or
 *  bucket derivation) held it more than 297-417 ms in two runs. */
const COMMIT_ROWS = 20_000;

export const DEFAULT_BUILD_LIMITS: BuildLimits = { chunkEvents: 5000, maxContributions: 40_000, maxEntities: 50_000 };

/** One figure being built: its batch lives for the whole build. */
class Build {
  /** Whether states were written and dropped: from then on a state missing from memory may be in the store. */
  spilled = false;

  constructor(
    readonly definition: FigureDefinition,
    readonly batch: FigureBatch,
  ) {}
}

/**
 * Projects `definitions` from the start of the log up to `head` into build targets and swaps each in when done,
 * so answers keep coming from what was there before until the swap (blue/green). A build that stops half way leaves
 * only its target behind, which the next build of the figure discards.
 */
export class FigureBuilder {
  private readonly builds: Build[] = [];
  private readonly slice: TimeSlice;

  /** @param sliceMs the longest it works between turns of the event loop (event-loop-turns.ts). */
  constructor(
    private readonly store: FigureStore,
    private readonly bucketSize: number,
    private readonly limits: BuildLimits,
    sliceMs = DEFAULT_SLICE_MS,
  ) {
    this.slice = new TimeSlice(sliceMs);
  }

  async begin(definitions: readonly FigureDefinition[]): Promise<void> {
    limitHeapGrowthForBuilds();
    for (const definition of definitions) {
      const target = await this.store.beginBuild(figureKey(definition), definition.version);
      const batch = new FigureBatch(definition, new Map(), this.bucketSize, target, false);
      // From position 0, every state is in memory until the first spill.
      batch.complete = true;
      this.builds.push(new Build(definition, batch));
    }
  }

  /** Applies a chunk of events (in log order, already checked as known) and writes what the bounds require. */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    for (const build of this.builds) {
      await this.loadSpilled(build, events);
      await this.slice.check();
    }
    let held = this.builds.reduce((n, b) => n + b.batch.contributions.length, 0);
    for (const event of events) {
      await this.slice.check();
      for (const build of this.builds) {
        // Checks the schema version and the entity, as the live projector does, before the definition sees it.
        if (consumedEntity(build.definition, event) === undefined) continue;
        const before = build.batch.contributions.length;
        build.batch.apply(event);
        // A related entity spilled and not foreseen by loadSpilled: read it back, then apply the event again.
        while (build.batch.missing.size > 0) {
          const missing = [...build.batch.missing];
          build.batch.missing.clear();
          build.batch.addStates(await this.store.loadEntities(build.batch.target, missing), missing);
          build.batch.apply(event);
        }
        held += build.batch.contributions.length - before;
      }
      if (held >= this.limits.maxContributions) {
        await this.write({ contributions: true });
        held = 0;
      }
    }
    await this.write({ contributions: true });
    if (this.builds.reduce((n, b) => n + b.batch.states.size, 0) > this.limits.maxEntities) {
      // The builds holding at least their share spill: one whose few entities hold all its records (recovery-rate v2
      // keeps one) would otherwise be written whole and read back at every spill, for no memory saved.
      const share = this.limits.maxEntities / this.builds.length;
      await this.write({ entitiesOf: this.builds.filter((b) => b.batch.states.size >= share) });
    }
  }

  /** Writes everything held and swaps every build in, at `head` (the last event read; 0 for an empty log). */
  async finish(head: RecordedEvent | undefined): Promise<void> {
    await this.write({ contributions: true, entitiesOf: this.builds });
    for (const { definition, batch } of this.builds) {
      await this.slice.turn();
      await this.store.deriveRollups(batch.target, { bucketSize: this.bucketSize, ...rollupCubes(definition) });
    }
    for (const { definition, batch } of this.builds) {
      const checkpoint: Checkpoint = {
        figure: figureKey(definition),
        version: definition.version,
        position: head?.position ?? 0,
        recordedAt: head?.metadata.recordedAt ?? '',
        events: batch.applied,
      };
      await this.store.finishBuild(batch.target, checkpoint);
    }
  }

  /** States of a spilled build that this chunk needs and memory no longer holds: the events' own entities, then the
   *  related ones their states name (FigureDefinition.relatedOf; apply reads back any it still meets). */
  private async loadSpilled(build: Build, events: readonly RecordedEvent[]): Promise<void> {
    if (!build.spilled) return;
    const { batch, definition } = build;
    const load = async (entities: ReadonlySet<string>) => {
      const missing = [...entities].filter((entity) => !batch.knows(entity));
      if (missing.length > 0) batch.addStates(await this.store.loadEntities(batch.target, missing), missing);
    };
    const consumed: { event: RecordedEvent; entity: string }[] = [];
    for (const event of events) {
      const entity = consumedEntity(definition, event);
      if (entity !== undefined) consumed.push({ event, entity });
    }
    await load(new Set(consumed.map(({ entity }) => entity)));
    if (definition.relatedOf === undefined) return;
    const related = new Set<string>();
    for (const { event, entity } of consumed) for (const key of definition.relatedOf(event, batch.states.get(entity))) related.add(key);
    await load(related);
  }

  /** Writes the contributions held (when asked) and the entity states of `entitiesOf`, which then leave memory. */
  private async write(parts: { contributions?: boolean; entitiesOf?: readonly Build[] }): Promise<void> {
    const contributions = parts.contributions ? this.builds.flatMap((b) => b.batch.takeContributions()) : [];
    const spilling = parts.entitiesOf ?? [];
    const entities = spilling.flatMap((b) => b.batch.takeEntityWrites(true));
    for (const build of spilling) build.spilled = true;
    // A build commits no rollup deltas: the store derives the rollups at the end (deriveRollups). Its rows are out of
    // answers until the swap, so they can commit in pieces, with turns of the event loop between them.
    for (let i = 0; i < contributions.length; i += COMMIT_ROWS) {
      await this.slice.check();
      await this.store.commit({ contributions: contributions.slice(i, i + COMMIT_ROWS), rollups: [], entities: [], checkpoints: [] });
    }
    for (let i = 0; i < entities.length; i += COMMIT_ROWS) {
      await this.slice.check();
      await this.store.commit({ contributions: [], rollups: [], entities: entities.slice(i, i + COMMIT_ROWS), checkpoints: [] });
    }
  }
}
