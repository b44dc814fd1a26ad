import { createAttestation, createSealedAttestation, type Attestation, type AuditLog, type SealedAttestation } from '@ledger/audit';
import { conflict, DomainError, invalid } from '@ledger/domain';
import { scopedAnswer } from '../security/jurisdiction-view';
import { figureKey, type FigureQueryParams, type FigureService, type FigureStore, requestedVersion } from '@ledger/figures';

export interface AttestFigureDeps {
  readonly audit: AuditLog;
  readonly figures: FigureService;
  readonly figureStore: FigureStore;
  readonly now: Date;
  /** How long to wait for the figure projector to reach the head's last event (API: the in-process projector). */
  readonly waitMs?: number;
}

/** What a sealed attestation's query says knownAt is: the head it commits to by hash. */
export const SEALED_KNOWN_AT = 'sealed-tree-head';

/** The query an attestation signs: the figure name and its parameters, knownAt pinned to the head's last event. */
export type AttestedQuery = Readonly<Record<string, string | readonly string[]>> & { readonly figure: string; readonly knownAt: string };

/**
 * Signs a figure answer at a tree head: issues a head over the tree as it is (or reuses the latest if the log did
 * not grow), answers the query as known at the position of the head's last event, and signs both. Anyone holding
 * the events of that head can recompute the same answer bytes (`ledger verify-attestation --bundle`).
 */
export async function attestFigure(deps: AttestFigureDeps, figure: string, params: FigureQueryParams): Promise<Attestation> {
  if (params.knownAt !== undefined) {
    throw invalid(
      'audit.attestation_known_at',
      'an attestation is always computed as known at its tree head; leave knownAt out (asOf, the business time, is allowed)',
      { parameter: 'knownAt' },
    );
  }
  // The version is pinned in the signed query, so the answer stays reproducible when a later version becomes the default.
  const definition = deps.figures.definition(figure, requestedVersion(params));
  const head = await deps.audit.issueTreeHead(deps.now, { onlyIfGrown: true });
  const position = head.treeSize === 0 ? 0 : deps.audit.merkleLog.leaf(head.treeSize - 1).position;
  await figureReached(deps, figureKey(definition), position);
  const cleaned: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) cleaned[key] = value;
  const query: AttestedQuery = { ...cleaned, version: String(definition.version), figure, knownAt: String(position) };
  const { figure: _name, ...answerParams } = query;
  const answer = await deps.figures.answer(figure, answerParams);
  return createAttestation({ query, answer, treeHead: head, issuedAt: deps.now }, deps.audit.key);
}

/**
 * The same for a caller limited to some jurisdictions: computed at a new or the latest head as above, but the
 * signed query says knownAt `sealed-tree-head`, the answer is the scoped view (no positions, no log times:
 * jurisdiction-view.ts), and the head is sealed into its SHA-256. An auditor recomputes it with
 * `sealedAnswerAt` at the head whose hash it carries.
 */
export async function attestFigureSealed(deps: AttestFigureDeps, figure: string, params: FigureQueryParams): Promise<SealedAttestation> {
  if (params.knownAt !== undefined) {
    throw invalid(
      'audit.attestation_known_at',
      'an attestation is always computed as known at its tree head; leave knownAt out (asOf, the business time, is allowed)',
      { parameter: 'knownAt' },
    );
  }
  const definition = deps.figures.definition(figure, requestedVersion(params));
  const head = await deps.audit.issueTreeHead(deps.now, { onlyIfGrown: true });
  const position = head.treeSize === 0 ? 0 : deps.audit.merkleLog.leaf(head.treeSize - 1).position;
  await figureReached(deps, figureKey(definition), position).catch((error: unknown) => {
    // The auditor's message names positions; this caller gets none.
    if (error instanceof DomainError && error.code === 'audit.figures_behind')
      throw conflict('audit.figures_behind', 'the figures are not yet projected to the tree head; try again shortly');
    throw error;
  });
  const cleaned: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) cleaned[key] = value;
  const query = { ...cleaned, version: String(definition.version), figure, knownAt: SEALED_KNOWN_AT };
  const answer = await sealedAnswerAt(deps.figures, query, position);
  return createSealedAttestation({ query, answer, treeHead: head, issuedAt: deps.now }, deps.audit.key);
}

/** The answer a sealed attestation signs: its query as known at `position` (the sealed head's last event), scoped. */
export async function sealedAnswerAt(
  figures: FigureService,
  query: Readonly<Record<string, string | readonly string[]>>,
  position: number,
): Promise<unknown> {
  const { figure, ...params } = query as Record<string, string | readonly string[]> & { figure: string };
  const answer = await figures.answer(figure, { ...params, knownAt: String(position) });
  return scopedAnswer(answer as unknown as Record<string, unknown>);
}

/** The figure and its parameters back from an attestation's query. */
export function attestedFigureQuery(query: unknown): { figure: string; params: FigureQueryParams } {
  if (typeof query !== 'object' || query === null || typeof (query as { figure?: unknown }).figure !== 'string')
    throw new Error('the attestation query names no figure');
  const { figure, ...params } = query as AttestedQuery;
  return { figure, params };
}

async function figureReached(deps: AttestFigureDeps, figure: string, position: number): Promise<void> {
  const deadline = Date.now() + (deps.waitMs ?? 10_000);
  for (;;) {
    const checkpoint = (await deps.figureStore.checkpoints()).find((c) => c.figure === figure);
    if (checkpoint !== undefined && checkpoint.position >= position) return;
    if (Date.now() >= deadline) {
      throw conflict(
        'audit.figures_behind',
        `figure ${figure} is projected to position ${checkpoint?.position ?? 'none'}, not yet to ${position} (the tree head's last event); try again shortly`,
        { figure, position },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
