import { applyChanges, replacedValues, requireChangedFields } from '../../shared/corrections';
import { conflict } from '../../shared/domain-error';
import { isNotBefore, requireCountry, requirePastTime, requireText } from '../../shared/validation';
import { CORRECTABLE_FREEZE_FIELDS, type FreezeCorrected } from '../freeze.events';
import { requireFreeze, requireFreezeLinks } from '../freeze.rules';
import type { FreezeState } from '../freeze.state';
import type { CorrectFreeze } from './correct-freeze.command';

export function correctFreeze(command: CorrectFreeze, state: FreezeState): [FreezeCorrected] {
  const { freezeId, changes, reason } = command.data;
  const frozen = requireFreeze(freezeId, state);
  requireText('reason', reason, 1000);
  const keys = requireChangedFields('freeze', changes, CORRECTABLE_FREEZE_FIELDS);
  const corrected = applyChanges(frozen.details, changes);
  requirePastTime('frozenAt', corrected.frozenAt, command.context.now);
  requireText('changes.reason', corrected.reason, 1000);
  requireCountry('country', corrected.country);
  requireFreezeLinks(command.context, changes, { prefix: 'changes.', nullRemoves: true });
  if (frozen.firstDisposalAt !== undefined && !isNotBefore(frozen.firstDisposalAt, corrected.frozenAt)) {
    throw conflict(
      'freeze.before_frozen',
      `frozenAt ${corrected.frozenAt} is after the first release, seizure or return (${frozen.firstDisposalAt}); funds leave a freeze only after it`,
      {
        frozenAt: corrected.frozenAt,
        firstDisposalAt: frozen.firstDisposalAt,
      },
    );
  }
  // Only the known fields go into the fact.
  const known: Record<string, unknown> = {};
  for (const key of keys) known[key] = changes[key];
  return [
    {
      type: 'FreezeCorrected',
      schemaVersion: 1,
      data: {
        freezeId,
        changes: known as FreezeCorrected['data']['changes'],
        replaces: replacedValues(keys, frozen.details) as FreezeCorrected['data']['replaces'],
        reason,
        correctedAt: command.context.now,
      },
    },
  ];
}
