import { INCIDENT_KINDS, type IncidentKind } from '@ledger/domain';
import { AggregateId, BusinessTime, CountryCode, OneOf, UsdAmountString } from '../../dto/field-rules';

export class ReportStolenFundsDto {
  @AggregateId('Id of the incident; derived from the Idempotency-Key (or random) when absent.', 'inc-2024-007', true)
  readonly incidentId?: string;

  @UsdAmountString('USD value stolen: a positive decimal string, up to 8 decimals.', '2500000', { positive: true })
  readonly usdValue!: string;

  @BusinessTime('either', 'When the theft was reported.', '2024-05-02T08:00:00Z')
  readonly reportedAt!: string;

  @OneOf(INCIDENT_KINDS, 'How the funds were stolen.', 'hack')
  readonly kind!: IncidentKind;

  @CountryCode('Jurisdiction of the victims (ISO 3166-1 alpha-2).')
  readonly country!: string;
}
