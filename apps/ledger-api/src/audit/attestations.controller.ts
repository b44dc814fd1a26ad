import type { Attestation } from '@ledger/audit';
import { scopeCountryFilter, type Principal } from '@ledger/auth';
import { Body, Controller, ForbiddenException, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import { attestFigure } from './attest-figure';
import { AttestationView } from './audit-responses.dto';
import { AuditService } from './audit.service';
import { AttestationRequest } from './audit-queries.dto';

@ApiTags('audit')
@Controller('v1/attestations')
export class AttestationsController {
  constructor(private readonly service: AuditService) {}

  @Post()
  @HttpCode(201)
  @Requires({ kind: 'figures' })
  @ApiOperation({ summary: 'A signed statement of a figure answer: the query, the canonical hash of the answer, and the signed tree head it was computed at' })
  @ApiCreatedResponse({ type: AttestationView, description: 'the attestation; check it offline with the public key (docs/audit.md section 3)' })
  async attest(@Body() body: AttestationRequest, @Req() request: { principal?: Principal }): Promise<Attestation> {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(body.query ?? {})) params[key] = String(value);
    // Same object-level rule as a figure query: a regulator attests only its own countries' rows.
    if (request.principal !== undefined) {
      const requested = (params.country ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '');
      const decision = scopeCountryFilter(request.principal, requested);
      if (!decision.ok) throw new ForbiddenException({ code: 'auth.out_of_scope', message: `country ${decision.outside.join(', ')} is outside the countries this credential may read` });
      if (decision.countries !== 'all') params.country = decision.countries.join(',');
    }
    await this.service.caughtUp();
    return attestFigure({ audit: this.service.audit, figures: this.service.figures, figureStore: this.service.figureStore, now: this.service.now() }, body.figure, params);
  }
}
