import type { EventStore, RecordedEvent } from '@ledger/event-store';

/** Every event stored now, in log order, page by page (a catch-up read that ends, unlike a subscription). */
export async function* wholeLog(store: EventStore, pageSize = 1000): AsyncGenerator<RecordedEvent> {
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined ? { after } : {}), limit: pageSize });
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1].position;
  }
}

export async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of wholeLog(store)) events.push(event);
  return events;
}
