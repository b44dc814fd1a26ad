import type { EventStore } from '@ledger/event-store';
import type { FigureService, FigureStore } from '@ledger/figures';
import { figureRestatements, type RestatementList } from '@ledger/figures/restatements';
import type { RestatementsCall, RestatementsPage } from './ledger-worker.protocol';

/** Restatement lists kept between pages (each is valid until its figure is projected further). */
const CACHED_LISTS = 4;
/** Lists computed at once; more wait their turn (the same list asked twice is computed once). */
const CONCURRENT_LISTS = 2;

/**
 * Restatements one page at a time: the list is computed once (figureRestatements, unchanged) and kept while the
 * figure's projection does not move, so the next pages cost nothing; a page stops at `limit` restatements or
 * `maxBytes` of JSON, whichever comes first (at least one restatement, so every page moves on).
 */
export class RestatementsCache {
  private readonly lists = new Map<string, { list: RestatementList; projectedTo: number | null }>();
  private readonly computing = new Map<string, Promise<{ list: RestatementList; answers: number }>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  async page(
    figures: FigureService,
    store: FigureStore,
    events: Pick<EventStore, 'readAll'>,
    call: RestatementsCall,
  ): Promise<RestatementsPage> {
    const key = JSON.stringify([
      call.figure,
      call.countries ?? null,
      Object.entries(call.query)
        .filter(([name]) => name !== 'after' && name !== 'limit')
        .sort(),
    ]);
    const projectedTo = (await store.checkpoints()).find((c) => c.figure === call.figure)?.position ?? null;
    let cached = this.lists.get(key);
    let answersComputed = 0;
    if (cached === undefined || cached.projectedTo !== projectedTo) {
      const flightKey = `${key}@${projectedTo}`;
      let flight = this.computing.get(flightKey);
      const own = flight === undefined;
      if (flight === undefined) {
        flight = this.compute(figures, events, call).finally(() => this.computing.delete(flightKey));
        this.computing.set(flightKey, flight);
      }
      const computed = await flight;
      // The caller whose call computed the list pays for its answers; one that waited for it does not pay twice.
      if (own) answersComputed = computed.answers;
      cached = { list: computed.list, projectedTo };
    }
    this.lists.delete(key);
    this.lists.set(key, cached);
    if (this.lists.size > CACHED_LISTS) this.lists.delete(this.lists.keys().next().value as string);

    const { list } = cached;
    return pageOf(list, call, answersComputed);
  }

  private async compute(
    figures: FigureService,
    events: Pick<EventStore, 'readAll'>,
    call: RestatementsCall,
  ): Promise<{ list: RestatementList; answers: number }> {
    if (this.running >= CONCURRENT_LISTS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      let answers = 0;
      const counting = Object.create(figures) as FigureService;
      counting.answer = (...args: Parameters<FigureService['answer']>) => {
        answers++;
        return figures.answer(...args);
      };
      const scope = call.countries === undefined ? undefined : { countries: call.countries };
      return { list: await figureRestatements(counting, events, call.figure, call.query, scope), answers };
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** One page of a list: after `call.after`, at most `call.limit` restatements and `call.maxBytes` of JSON (at least one). */
function pageOf(list: RestatementList, call: RestatementsCall, answersComputed: number): RestatementsPage {
  // A scoped caller's list has no positions (they count other jurisdictions' events): its pages go by ordinal.
  const byOrdinal = list.restatements.some((r) => r.position === null);
  const skipped = byOrdinal ? Math.min(call.after ?? 0, list.restatements.length) : 0;
  const remaining = byOrdinal
    ? list.restatements.slice(skipped)
    : list.restatements.filter((r) => call.after === undefined || r.position! > call.after);
  const page: RestatementList['restatements'][number][] = [];
  let bytes = 0;
  for (const restatement of remaining) {
    const size = Buffer.byteLength(JSON.stringify(restatement));
    if (page.length >= call.limit || (page.length > 0 && bytes + size > call.maxBytes)) break;
    page.push(restatement);
    bytes += size;
  }
  const more = page.length < remaining.length;
  return {
    figure: list.figure,
    version: list.version,
    query: list.query,
    knownAt: list.knownAt,
    restatements: page,
    next: more ? (byOrdinal ? skipped + page.length : page[page.length - 1].position) : null,
    total: list.restatements.length,
    answersComputed,
  };
}
