import type { Attestation, SealedAttestation } from '@ledger/audit';
import { jurisdictionScoped, scopeCountryFilter, type Principal } from '@ledger/auth';
import { Body, Controller, ForbiddenException, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import { COSTS } from '../auth/costs';
import { attestFigure, attestFigureSealed } from './attest-figure';
import { AttestationView, SealedAttestationView } from './audit-responses.dto';
import { AuditService } from './audit.service';
import { AttestationRequest } from './audit-queries.dto';

@ApiTags('audit')
@ApiExtraModels(AttestationView, SealedAttestationView)
@Controller('v1/attestations')
export class AttestationsController {
  constructor(private readonly service: AuditService) {}

  @Post()
  @HttpCode(201)
  // Charged like the reads it does (it cost nothing, so a key past its budget still had answers computed and signed).
  @Requires({ kind: 'figures' }, { cost: COSTS.attestation })
  @ApiOperation({
    summary:
      'A signed statement of a figure answer: the query, the canonical hash of the answer, and the signed tree head it was computed at',
  })
  @ApiCreatedResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(AttestationView) }, { $ref: getSchemaPath(SealedAttestationView) }] },
    description:
      'the attestation; check it offline with the public key (docs/audit.md section 3). A caller limited to some jurisdictions gets version 2, the head sealed into its hash',
  })
  async attest(@Body() body: AttestationRequest, @Req() request: { principal?: Principal }): Promise<Attestation | SealedAttestation> {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(body.query ?? {})) params[key] = String(value);
    // Same object-level rule as a figure query: a regulator attests only its own countries' rows.
    if (request.principal !== undefined) {
      const requested = (params.country ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const decision = scopeCountryFilter(request.principal, requested);
      if (!decision.ok)
        throw new ForbiddenException({
          code: 'auth.out_of_scope',
          message: `country ${decision.outside.join(', ')} is outside the countries this credential may read`,
        });
      if (decision.countries !== 'all') params.country = decision.countries.join(',');
    }
    await this.service.caughtUp();
    const deps = {
      audit: this.service.audit,
      figures: this.service.figures,
      figureStore: this.service.figureStore,
      now: this.service.now(),
    };
    // A caller limited to some jurisdictions never gets the head (size and time of the whole log): it is sealed.
    if (jurisdictionScoped(request.principal)) return attestFigureSealed(deps, body.figure, params);
    return attestFigure(deps, body.figure, params);
  }
}
