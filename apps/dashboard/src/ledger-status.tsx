import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, type LedgerApi, type Loaded } from './api';
import { shortHash } from './format';

export interface SignedTreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId?: string;
  signature?: string;
}

interface VerifyAnswer {
  ok?: boolean;
  eventsChecked?: number;
  lastPosition?: number;
  treeHeadsChecked?: number;
  seconds?: number;
  firstMismatch?: { detail?: string; position?: number; problem?: string };
}

/** The newest head of whatever list shape the server answers with (array, {heads}, {treeHeads}, {latest}, one head). */
export function latestHead(answer: unknown): SignedTreeHead | null {
  const record = (answer ?? {}) as Record<string, unknown>;
  const candidates = Array.isArray(answer)
    ? answer
    : Array.isArray(record.heads)
      ? record.heads
      : Array.isArray(record.treeHeads)
        ? record.treeHeads
        : Array.isArray(record.items)
          ? record.items
          : record.latest
            ? [record.latest]
            : typeof record.treeSize === 'number'
              ? [record]
              : [];
  const heads = (candidates as SignedTreeHead[]).filter((h) => h && typeof h.treeSize === 'number');
  if (heads.length === 0) return null;
  return heads.reduce((a, b) => (b.treeSize > a.treeSize || (b.treeSize === a.treeSize && b.timestamp > a.timestamp) ? b : a));
}

interface LedgerStatusProps {
  readonly api: LedgerApi;
  readonly projector: FigureListProjector;
}

/** Dispatched on window when the page made the ledger sign something (an attestation issues a head). */
export const SIGNED_EVENT = 'ledger:signed';

/** The latest signed head; "none yet" is an answer, a server without the audit endpoints is "unavailable". */
async function loadLatestHead(api: LedgerApi): Promise<Loaded<SignedTreeHead | null>> {
  try {
    return { status: 'ok', value: await api.get<SignedTreeHead>('/v1/audit/tree-heads/latest') };
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'audit.no_tree_head') return { status: 'ok', value: null };
    const list = await api.load<unknown>('/v1/audit/tree-heads');
    return list.status === 'ok' ? { status: 'ok', value: latestHead(list.value) } : list;
  }
}

export type FigureListProjector = { state: string; error?: string } | null | undefined;

/** Always on screen: the latest signed tree head, the last verification, and the projector. */
export function LedgerStatus({ api, projector }: LedgerStatusProps) {
  const [verify, setVerify] = useState<Loaded<VerifyAnswer>>({ status: 'loading' });
  const [verifiedAt, setVerifiedAt] = useState<string>('');
  const [head, setHead] = useState<Loaded<SignedTreeHead | null>>({ status: 'loading' });

  useEffect(() => {
    const reload = () => void loadLatestHead(api).then(setHead);
    reload();
    addEventListener(SIGNED_EVENT, reload);
    return () => removeEventListener(SIGNED_EVENT, reload);
  }, [api]);

  const runVerify = () => {
    void loadLatestHead(api).then(setHead);
    setVerify({ status: 'loading' });
    void api.load<VerifyAnswer>('/v1/audit/verify').then((answer) => {
      setVerify(answer);
      setVerifiedAt(new Date().toISOString());
    });
  };
  useEffect(runVerify, [api]);

  return (
    <div class="ledger-status" data-testid="ledger-status">
      <span class="status-item" data-testid="tree-head">
        <b>Signed head</b>{' '}
        {head.status === 'ok' && head.value ? (
          <span title={`root ${head.value.rootHash}\nkey ${head.value.keyId ?? ''}\nsignature ${head.value.signature ?? ''}`}>
            {head.value.treeSize.toLocaleString('en-US')} events · root {shortHash(head.value.rootHash)} · {head.value.timestamp}
          </span>
        ) : head.status === 'ok' ? (
          <span>none signed yet</span>
        ) : (
          <Unavailable loaded={head} />
        )}
      </span>
      <span class="status-item" data-testid="verify-status">
        <b>Last verify</b>{' '}
        {verify.status === 'ok' ? (
          verify.value.ok === false ? (
            <span class="bad">
              ✗ {verify.value.firstMismatch?.detail ?? 'mismatch'} · {verifiedAt}
            </span>
          ) : (
            <span class="good">
              ✓ {verify.value.eventsChecked !== undefined ? `${verify.value.eventsChecked.toLocaleString('en-US')} events` : 'ok'}
              {verify.value.treeHeadsChecked !== undefined ? `, ${verify.value.treeHeadsChecked} signed heads` : ''}
              {verify.value.seconds !== undefined ? ` in ${verify.value.seconds.toFixed(2)} s` : ''} · {verifiedAt}
            </span>
          )
        ) : (
          <Unavailable loaded={verify} />
        )}{' '}
        <button type="button" class="link" onClick={runVerify}>
          verify now
        </button>
      </span>
      <span class="status-item" data-testid="projector-status">
        <b>Projector</b> {projector ? projector.state : projector === null ? 'runs elsewhere' : '…'}
        {projector?.error ? <span class="bad"> {projector.error}</span> : null}
      </span>
    </div>
  );
}

export function Unavailable({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.status === 'loading') return <span class="muted">loading…</span>;
  if (loaded.status === 'unavailable') return <span class="muted unavailable">unavailable: {loaded.reason}</span>;
  if (loaded.status === 'error') return <span class="bad">error: {loaded.message}</span>;
  return null;
}
