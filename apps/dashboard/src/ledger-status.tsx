import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, type LedgerApi, type Loaded } from './api';
import { shortHash } from './format';

export interface SignedTreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId?: string;
  signature?: string;
}

/** The latest result (GET /v1/audit/verifications/latest): what the continuous verifier has checked, and its age. */
interface LatestVerification {
  ok?: boolean;
  eventsChecked?: number;
  lastPosition?: number | null;
  treeHeadsChecked?: number;
  ageSeconds?: number;
  firstMismatch?: { detail?: string; position?: number; problem?: string };
  fullVerification?: { ok: boolean; finishedAt: string; seconds: number } | null;
}

/** A full verification job (POST /v1/audit/verifications). */
interface VerifyJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  progress: { eventsChecked: number; of: number };
  error?: string;
}

const JOB_POLL_MS = 1000;

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
/** Dispatched on window when the page found an event whose hashes do not check out. */
export const TAMPERED_EVENT = 'ledger:tampered';
/** Opening the page starts a full verification only when the last one finished longer ago than this. */
const FULL_VERIFICATION_MAX_AGE_MS = 60 * 60 * 1000;

/** The latest signed head; "none yet" is an answer, a server without the audit endpoints is "unavailable". */
async function loadLatestHead(api: LedgerApi): Promise<Loaded<SignedTreeHead | null>> {
  try {
    return { status: 'ok', value: await api.get<SignedTreeHead>('/v1/audit/tree-heads/latest') };
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'audit.no_tree_head') return { status: 'ok', value: null };
    // A key limited to some countries: heads give the whole log's size and time; its attestations seal them.
    if (error instanceof ApiProblem && error.code === 'auth.log_metadata_out_of_scope')
      return { status: 'unavailable', reason: 'not for a key limited to some countries (attestations seal it)' };
    const list = await api.load<unknown>('/v1/audit/tree-heads');
    return list.status === 'ok' ? { status: 'ok', value: latestHead(list.value) } : list;
  }
}

/** The latest verification; null while the server's first full verification is still running. */
async function loadLatestVerification(api: LedgerApi): Promise<Loaded<LatestVerification | null>> {
  try {
    return { status: 'ok', value: await api.get<LatestVerification>('/v1/audit/verifications/latest') };
  } catch (error) {
    if (error instanceof ApiProblem && error.code === 'audit.no_verification_yet') return { status: 'ok', value: null };
    // A server of before the jobs (or a key that may not verify).
    return api.load<LatestVerification>('/v1/audit/verify');
  }
}

export type FigureListProjector = { state: string; error?: string } | null | undefined;

/** Always on screen: the latest signed tree head, the last verification, and the projector. */
export function LedgerStatus({ api, projector }: LedgerStatusProps) {
  const [verify, setVerify] = useState<Loaded<LatestVerification | null>>({ status: 'loading' });
  const [job, setJob] = useState<VerifyJob | null>(null);
  const [head, setHead] = useState<Loaded<SignedTreeHead | null>>({ status: 'loading' });

  useEffect(() => {
    const reload = () => void loadLatestHead(api).then(setHead);
    reload();
    addEventListener(SIGNED_EVENT, reload);
    return () => removeEventListener(SIGNED_EVENT, reload);
  }, [api]);

  // The latest result shows at once; a full verification runs as a job in the server's worker and is followed
  // here, so nothing on the page waits for it.
  const loadLatest = () => loadLatestVerification(api).then((latest) => (setVerify(latest), latest));
  const cancelled = useRef(false);
  const runJob = () =>
    void api.load<VerifyJob>('/v1/audit/verifications', 'POST', {}).then(async (started) => {
      if (started.status !== 'ok') return;
      let current = started.value;
      while (!cancelled.current && current.state === 'running') {
        setJob(current);
        await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
        const polled = await api.load<VerifyJob>(`/v1/audit/verifications/${current.id}`);
        if (polled.status !== 'ok') break;
        current = polled.value;
      }
      setJob(current.state === 'running' ? null : current);
      if (!cancelled.current) void loadLatest();
    });
  const runVerify = () => {
    void loadLatestHead(api).then(setHead);
    void loadLatest();
    runJob();
  };
  useEffect(() => {
    cancelled.current = false;
    void loadLatestHead(api).then(setHead);
    // The latest result at once; a full verification only if none finished within the hour.
    void loadLatest().then((latest) => {
      const finishedAt = latest.status === 'ok' ? latest.value?.fullVerification?.finishedAt : undefined;
      if (latest.status === 'ok' && (finishedAt === undefined || Date.now() - Date.parse(finishedAt) > FULL_VERIFICATION_MAX_AGE_MS))
        runJob();
    });
    addEventListener(TAMPERED_EVENT, runJob);
    return () => {
      cancelled.current = true;
      removeEventListener(TAMPERED_EVENT, runJob);
    };
  }, [api]);

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
        {verify.status === 'ok' && verify.value === null ? (
          <span class="muted">first verification running…</span>
        ) : verify.status === 'ok' && verify.value !== null ? (
          verify.value.ok === false ? (
            <span class="bad" data-verdict="mismatch">
              ✗ {verify.value.firstMismatch?.detail ?? 'mismatch'}
            </span>
          ) : (
            <span
              class="good"
              data-verdict="ok"
              title={
                verify.value.fullVerification
                  ? `last full verification ${verify.value.fullVerification.finishedAt} (${verify.value.fullVerification.seconds.toFixed(2)} s)`
                  : ''
              }
            >
              ✓ {verify.value.eventsChecked !== undefined ? `${verify.value.eventsChecked.toLocaleString('en-US')} events` : 'ok'}
              {verify.value.treeHeadsChecked !== undefined ? `, ${verify.value.treeHeadsChecked} signed heads` : ''}
              {verify.value.ageSeconds !== undefined ? ` · checked ${verify.value.ageSeconds.toFixed(0)} s ago` : ''}
            </span>
          )
        ) : (
          <Unavailable loaded={verify} />
        )}{' '}
        {job?.state === 'running' ? (
          <span class="muted" data-testid="verify-job">
            full verification: {job.progress.eventsChecked.toLocaleString('en-US')} of {job.progress.of.toLocaleString('en-US')} events
          </span>
        ) : job?.state === 'failed' ? (
          <span class="bad" data-testid="verify-job">
            full verification failed: {job.error ?? 'unknown'}
          </span>
        ) : (
          <button type="button" class="link" data-testid="verify-now" onClick={runVerify}>
            verify now
          </button>
        )}
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
