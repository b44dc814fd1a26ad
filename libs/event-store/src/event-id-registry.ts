import type { EventIdRegistry } from './event-store.port';

/**
 * The registry of one process: every id it was asked to claim, kept for as long as the process lives (no bound, so
 * for tests and tools; a server uses the PostgreSQL one in @ledger/shared-store, which every instance shares).
 */
export class InMemoryEventIdRegistry implements EventIdRegistry {
  private readonly streamOf = new Map<string, string>();

  async claim(stream: string, eventIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const claimed = new Map<string, string>();
    for (const id of eventIds) {
      const owner = this.streamOf.get(id);
      if (owner !== undefined) claimed.set(id, owner);
      else this.streamOf.set(id, stream);
    }
    return claimed;
  }
}
