import { UseInterceptors } from '@nestjs/common';
import { FiguresController } from '../figures/figures.controller';
import { JurisdictionScopeInterceptor } from '../security/jurisdiction-scope.interceptor';
import { Requires } from './access.decorators';
import { COSTS } from './costs';

/**
 * Access to the figures routes, declared here so the figures slice stays free of auth: regulators and auditors read
 * figures; answers and provenance are scoped to a regulator's countries, and what it receives carries no global
 * log position or recording time (docs/security.md); answers and provenance cost by their work (costs.ts).
 */
export function declareFiguresAccess(): void {
  const method = (name: keyof FiguresController) => [FiguresController.prototype, name, Object.getOwnPropertyDescriptor(FiguresController.prototype, name)!] as const;
  Requires({ kind: 'figures' })(FiguresController);
  UseInterceptors(JurisdictionScopeInterceptor)(FiguresController);
  Requires({ kind: 'figures' }, { countryScoped: true, cost: COSTS.figureAnswer })(...method('answer'));
  Requires({ kind: 'figures' }, { countryScoped: true, cost: COSTS.provenance, positionCursor: true })(...method('provenance'));
}
