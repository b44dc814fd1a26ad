import { useState } from 'preact/hooks';
import type { LedgerApi } from './api';
import { SIGNED_EVENT } from './ledger-status';
import type { Params } from './use-figure-query';

/**
 * The body of POST /v1/attestations for one answer: the figure and its query as the GET takes it. An attestation is
 * always computed at the ledger's signed head, so it never carries knownAt.
 */
export function attestationRequest(figure: string, params: Params): { figure: string; query: Record<string, string> } {
  return {
    figure,
    query: Object.fromEntries(
      Object.entries(params).filter((p): p is [string, string] => p[0] !== 'knownAt' && p[1] !== undefined && p[1] !== ''),
    ),
  };
}

/** Downloads a signed attestation of exactly this answer (POST /v1/attestations), or says why it cannot. */
export function AttestButton({ api, figure, params }: { api: LedgerApi; figure: string; params: Params }) {
  const [note, setNote] = useState('');
  const attest = async () => {
    if (params.knownAt) {
      setNote('an attestation is signed at the latest head: clear “known at” first');
      return;
    }
    setNote('signing…');
    const answer = await api.load<Record<string, unknown>>('/v1/attestations', 'POST', attestationRequest(figure, params));
    if (answer.status !== 'ok') {
      setNote(
        answer.status === 'unavailable' ? `unavailable: ${answer.reason}` : answer.status === 'error' ? `failed: ${answer.message}` : '',
      );
      return;
    }
    const blob = new Blob([JSON.stringify(answer.value, null, 2) + '\n'], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `attestation-${figure}-${String(answer.value.issuedAt ?? Date.now()).replace(/[:.]/g, '')}.json`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    dispatchEvent(new Event(SIGNED_EVENT));
    setNote('downloaded');
  };
  return (
    <span class="attest">
      <button
        type="button"
        class="link"
        data-testid="attest"
        onClick={() => void attest()}
        title="a signed statement of this answer, checkable offline with the ledger's public key"
      >
        ⤓ signed attestation
      </button>
      {note && (
        <span class="muted" data-testid="attest-note">
          {' '}
          {note}
        </span>
      )}
    </span>
  );
}

/** A section's heading, its own controls, and the button that attests exactly the answer it shows (`params`). */
export function SectionTitle({
  title,
  api,
  figure,
  params,
  children,
}: {
  title: string;
  api: LedgerApi;
  figure: string;
  params: Params;
  children?: preact.ComponentChildren;
}) {
  return (
    <div class="section-title">
      <h2>{title}</h2>
      {children}
      <AttestButton api={api} figure={figure} params={params} />
    </div>
  );
}
