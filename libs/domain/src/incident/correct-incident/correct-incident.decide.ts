import { replacedValues, requireChangedFields } from '../../shared/corrections';
import { conflict, invalid } from '../../shared/domain-error';
import { canonical, decimal } from '../../shared/money';
import { isNotBefore, requireText } from '../../shared/validation';
import { CORRECTABLE_INCIDENT_FIELDS, type IncidentCorrected, type IncidentDetails } from '../incident.events';
import { checkIncidentDetails, requireIncident } from '../incident.rules';
import type { IncidentState } from '../incident.state';
import type { CorrectIncident } from './correct-incident.command';

export function correctIncident(command: CorrectIncident, state: IncidentState): [IncidentCorrected] {
  const { incidentId, changes, reason } = command.data;
  const incident = requireIncident(incidentId, state);
  requireText('reason', reason, 1000);
  const keys = requireChangedFields('incident', changes, CORRECTABLE_INCIDENT_FIELDS);
  // Every field of a theft is required: a correction replaces a value, it cannot remove one.
  const removed = keys.find((key) => changes[key] === null);
  if (removed !== undefined)
    throw invalid('incident.field_required', `changes.${removed} cannot be removed; give its corrected value`, {
      field: `changes.${removed}`,
    });
  const current: IncidentDetails = {
    usdValue: incident.stolenUsd,
    reportedAt: incident.reportedAt,
    kind: incident.kind,
    country: incident.country,
  };
  const corrected: IncidentDetails = { ...current, ...changes };
  checkIncidentDetails(corrected, command.context.now);
  if (decimal(incident.recoveredUsd).greaterThan(corrected.usdValue)) {
    throw conflict(
      'incident.recovery_exceeds_stolen',
      `${canonical(incident.recoveredUsd)} USD is already recovered for incident ${incidentId}; the stolen value cannot be corrected below it`,
      {
        usdValue: corrected.usdValue,
        recoveredUsd: incident.recoveredUsd,
      },
    );
  }
  if (incident.firstRecoveredAt !== undefined && !isNotBefore(incident.firstRecoveredAt, corrected.reportedAt)) {
    throw conflict(
      'incident.recovered_before_reported',
      `reportedAt ${corrected.reportedAt} is after the first recovery (${incident.firstRecoveredAt}); a theft is reported before funds are recovered`,
      {
        reportedAt: corrected.reportedAt,
        firstRecoveredAt: incident.firstRecoveredAt,
      },
    );
  }
  const known: Record<string, unknown> = {};
  for (const key of keys) known[key] = changes[key];
  return [
    {
      type: 'IncidentCorrected',
      schemaVersion: 1,
      data: {
        incidentId,
        changes: known as Partial<IncidentDetails>,
        replaces: replacedValues(keys, current) as Partial<IncidentDetails>,
        reason,
        correctedAt: command.context.now,
      },
    },
  ];
}
