import { useEffect, useState } from 'preact/hooks';
import { recomputeContentHash, type LedgerApi, type Loaded, type LoggedEvent, type ProvenancePage } from './api';
import { TAMPERED_EVENT, Unavailable } from './ledger-status';
import { shortHash } from './format';

const GENESIS = '0'.repeat(64);

interface ProvenancePanelProps {
  readonly api: LedgerApi;
  /** What was clicked, for the heading. */
  readonly title: string;
  /** The provenance link of the answer or row. */
  readonly link: string;
  readonly onClose: () => void;
}

/** The events behind a number, a page at a time; any of them opens with its integrity status. */
export function ProvenancePanel({ api, title, link, onClose }: ProvenancePanelProps) {
  const [pages, setPages] = useState<string[]>([withLimit(link)]);
  const [page, setPage] = useState<Loaded<ProvenancePage>>({ status: 'loading' });
  const [opened, setOpened] = useState<number | null>(null);
  const current = pages[pages.length - 1];

  useEffect(() => setPages([withLimit(link)]), [link]);
  useEffect(() => {
    setPage({ status: 'loading' });
    setOpened(null);
    void api.load<ProvenancePage>(current).then(setPage);
  }, [api, current]);

  return (
    <aside class="panel" data-testid="provenance">
      <header>
        <h2>Events behind {title}</h2>
        <button type="button" class="close" onClick={onClose} aria-label="close">
          ×
        </button>
      </header>
      {page.status !== 'ok' ? (
        <Unavailable loaded={page} />
      ) : (
        <>
          <p class="muted">
            {page.value.figure} v{page.value.version},{' '}
            {page.value.knownAt.position === null ? 'as known now' : `as known at log position ${page.value.knownAt.position}`} · page{' '}
            {pages.length}
          </p>
          {opened !== null && <EventDetail api={api} position={opened} />}
          <table class="events">
            <thead>
              <tr>
                <th>position</th>
                <th>type</th>
                <th>stream</th>
                <th>recorded</th>
                <th>contributes</th>
              </tr>
            </thead>
            <tbody>
              {page.value.events.map((event) => (
                <tr
                  key={event.eventId}
                  data-testid="provenance-event"
                  class={opened !== null && opened === event.position ? 'selected' : ''}
                  onClick={() => setOpened(event.position)}
                >
                  <td>{event.position ?? '—'}</td>
                  <td>{event.type}</td>
                  <td class="mono">{event.stream}</td>
                  <td>{event.recordedAt.slice(0, 19).replace('T', ' ')}</td>
                  <td>
                    {event.contributions.map((c, i) => (
                      <div key={i} class="contribution">
                        {c.occurredAt.slice(0, 10)}{' '}
                        {Object.entries(c.values)
                          .map(([k, v]) => `${k} ${v.startsWith('-') ? v : `+${v}`}`)
                          .join(', ')}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
              ← previous
            </button>
            <button
              type="button"
              data-testid="provenance-next"
              disabled={page.value.next === null}
              onClick={() => page.value.next && setPages([...pages, page.value.next])}
            >
              next page →
            </button>
          </div>
        </>
      )}
    </aside>
  );
}

function withLimit(link: string): string {
  return /[?&]limit=/.test(link) ? link : `${link}${link.includes('?') ? '&' : '?'}limit=25`;
}

interface Integrity {
  readonly contentHash: 'match' | 'mismatch' | 'unchecked';
  readonly chain: 'match' | 'mismatch' | 'unchecked';
  readonly recomputed: string | null;
}

/** One event as recorded, with its content hash recomputed here and its link to the previous event of its stream. */
function EventDetail({ api, position }: { api: LedgerApi; position: number }) {
  const [event, setEvent] = useState<Loaded<LoggedEvent>>({ status: 'loading' });
  const [integrity, setIntegrity] = useState<Integrity | null>(null);

  useEffect(() => {
    setEvent({ status: 'loading' });
    setIntegrity(null);
    void (async () => {
      const page = await api.load<{ events: LoggedEvent[] }>(`/v1/events?after=${position - 1}&limit=1`);
      if (page.status !== 'ok') return setEvent(page);
      const found = page.value.events.find((e) => e.position === position);
      if (!found) return setEvent({ status: 'error', message: `no event at position ${position}` });
      setEvent({ status: 'ok', value: found });
      const recomputed = await recomputeContentHash(found);
      let chain: Integrity['chain'] = 'unchecked';
      if (found.revision === 0) chain = found.metadata.prevHash === GENESIS ? 'match' : 'mismatch';
      else {
        const previous = await api.load<{ events: LoggedEvent[] }>(
          `/v1/streams/${encodeURIComponent(found.stream)}?from=${found.revision - 1}&limit=1`,
        );
        if (previous.status === 'ok' && previous.value.events[0])
          chain = previous.value.events[0].metadata.contentHash === found.metadata.prevHash ? 'match' : 'mismatch';
      }
      const contentHash = recomputed === null ? 'unchecked' : recomputed === found.metadata.contentHash ? 'match' : 'mismatch';
      setIntegrity({ recomputed, chain, contentHash });
      // An event that does not check out here: the ledger status asks the server for a full verification.
      if (contentHash === 'mismatch' || chain === 'mismatch') dispatchEvent(new Event(TAMPERED_EVENT));
    })();
  }, [api, position]);

  if (event.status !== 'ok')
    return (
      <section class="event-detail" data-testid="event-detail">
        <Unavailable loaded={event} />
      </section>
    );
  const e = event.value;
  const verdict =
    integrity === null
      ? 'checking'
      : integrity.contentHash === 'mismatch' || integrity.chain === 'mismatch'
        ? 'tampered'
        : integrity.contentHash === 'match' && integrity.chain === 'match'
          ? 'intact'
          : 'partly checked';
  return (
    <section class="event-detail" data-testid="event-detail">
      <h3>
        Event {e.position}: {e.type}{' '}
        <span
          class={`badge ${verdict === 'intact' ? 'good' : verdict === 'tampered' ? 'bad' : 'muted'}`}
          data-testid="integrity"
          data-verdict={verdict}
        >
          {verdict}
        </span>
      </h3>
      <dl>
        <dt>stream</dt>
        <dd class="mono">
          {e.stream} (revision {e.revision})
        </dd>
        <dt>event id</dt>
        <dd class="mono">{e.eventId}</dd>
        <dt>recorded</dt>
        <dd>
          {e.metadata.recordedAt} by {e.metadata.actor ?? '—'}
        </dd>
        <dt>content hash</dt>
        <dd class="mono" title={e.metadata.contentHash}>
          {shortHash(e.metadata.contentHash)} —{' '}
          {integrity === null
            ? 'checking…'
            : integrity.contentHash === 'match'
              ? '✓ recomputed here, matches'
              : integrity.contentHash === 'mismatch'
                ? `✗ recomputed ${shortHash(integrity.recomputed)}`
                : 'not checked (needs a secure context)'}
        </dd>
        <dt>previous hash</dt>
        <dd class="mono" title={e.metadata.prevHash}>
          {shortHash(e.metadata.prevHash)} —{' '}
          {integrity === null
            ? 'checking…'
            : integrity.chain === 'match'
              ? '✓ links to the previous event of the stream'
              : integrity.chain === 'mismatch'
                ? '✗ does not match the previous event'
                : 'not checked'}
        </dd>
      </dl>
      <pre class="json">{JSON.stringify(e.data, null, 2)}</pre>
    </section>
  );
}
