import type { LogPosition } from '@ledger/event-store';
import type { AnswerRow, FigureDefinition, MeasureSpec } from '../definitions/figure-definition';

/** The shapes FigureService answers with (HTTP responses and CLI output are these, as JSON). */

export interface FigureDescription {
  readonly name: string;
  /** The version answered when a query names none (the latest). */
  readonly version: number;
  /** Every version still answered (`version=` in a query); earlier ones reproduce answers published under them. */
  readonly versions: readonly number[];
  readonly title: string;
  readonly methodology: readonly string[];
  readonly dimensions: readonly { name: string; description: string }[];
  readonly measures: readonly MeasureSpec[];
  readonly href: string;
}

/** Where in the log an answer stands: the last event it reflects, and when the ledger recorded it. */
export interface LogPoint {
  readonly position: LogPosition;
  readonly recordedAt: string | null;
  /** For knownAt by time: only facts the ledger knew by then (imported history: their original recording time). */
  readonly knownBy?: string;
}

export interface FigureAnswer {
  readonly figure: string;
  readonly version: number;
  readonly query: {
    readonly groupBy: readonly string[];
    readonly filters: Readonly<Record<string, readonly string[]>>;
    readonly year: string | null;
    readonly month: string | null;
    readonly from: string | null;
    readonly asOf: string | null;
    readonly knownAt: string | null;
  };
  /** The log position (and its recording time) the answer is as of: knownAt, or the projection's checkpoint. */
  readonly knownAt: LogPoint;
  /** Figures with stocks: the latest instant a stock is taken at (the earliest of asOf, knownAt by time and the
   *  recording time of the last event the answer knows); a row's stocks stand at the end of its period, or at this
   *  instant if that is earlier. */
  readonly stocksAt?: string;
  /** Events behind the answer: see the figure's methodology (version 1: once per business day and dimension values
   *  an event contributes to; later versions: distinct events). */
  readonly events: number;
  readonly measures: readonly string[];
  readonly rows: readonly (AnswerRow & { readonly provenance: string })[];
  readonly provenance: string;
}

export interface ProvenanceEvent {
  readonly position: LogPosition;
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  readonly recordedAt: string;
  /** When the ledger learned the fact (imported history: its original recording time). */
  readonly knownAt: string;
  readonly contributions: readonly {
    readonly occurredAt: string;
    readonly dimensions: Readonly<Record<string, string | null>>;
    readonly item: string | null;
    readonly values: Readonly<Record<string, string>>;
  }[];
}

export interface ProvenancePage {
  readonly figure: string;
  readonly version: number;
  readonly knownAt: LogPoint;
  readonly events: readonly ProvenanceEvent[];
  /** Link to the next page, null on the last. */
  readonly next: string | null;
}

export interface FigureServiceOptions {
  readonly figures?: readonly FigureDefinition[];
  /** Path prefix of the links in answers. */
  readonly basePath?: string;
  /** Rollup position bucket size; must match the projector's. */
  readonly positionBucketSize?: number;
  /** Ignore rollups and sum raw contributions only: slow, for checking that rollups agree with what they roll up. */
  readonly rawContributionsOnly?: boolean;
}
