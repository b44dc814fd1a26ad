/** Value types shared by several categories. */

export const AGENCY_KINDS = [
  'police',
  'prosecutor',
  'judiciary',
  'financial_intelligence',
  'tax',
  'customs',
  'regulator',
  'military',
  'international',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface Agency {
  readonly name: string;
  readonly kind: AgencyKind;
  /** ISO 3166-1 alpha-2 */
  readonly country: string;
}

/** One asset line: exact amount of the asset (<= 18 decimals) and its USD value at the time (<= 8 decimals). */
export interface AssetAmount {
  readonly asset: string;
  readonly amount: string;
  readonly usdValue: string;
}
