import type { ConsistencyProof, InclusionProof, SignedTreeHead } from '@ledger/audit';
import { invalid, notFound } from '@ledger/domain';
import { jurisdictionScoped, type Principal } from '@ledger/auth';
import { Controller, ForbiddenException, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import { COSTS } from '../auth/costs';
import { VerifyJobs } from '../jobs/verify-jobs.service';
import { ConsistencyProofView, InclusionProofView, PublicKeyView, SignedTreeHeadView, TreeHeadPage } from './audit-responses.dto';
import { AuditService } from './audit.service';
import { ConsistencyProofQuery, InclusionProofQuery, TreeHeadsQuery } from './audit-queries.dto';

/** The integrity side of the ledger: the key, signed tree heads and proofs (verify: VerificationsController; docs/audit.md). */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly service: AuditService,
    private readonly jobs: VerifyJobs,
  ) {}

  @Get('public-key')
  @Requires({ kind: 'figures' })
  @ApiOperation({ summary: "The ledger's Ed25519 public key: PEM (for openssl), raw base64, and key id (hex SHA-256 of the raw key)" })
  @ApiOkResponse({ type: PublicKeyView })
  publicKey(): { keyId: string; algorithm: 'Ed25519'; publicKeyPem: string; publicKeyRawBase64: string } {
    const key = this.service.audit.key;
    return { keyId: key.keyId, algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, publicKeyRawBase64: key.publicKeyRawBase64 };
  }

  @Get('tree-heads')
  @Requires({ kind: 'figures' })
  @ApiOperation({
    summary:
      'Signed tree heads in issue order (size, root, timestamp, key id, Ed25519 signature); not for a caller limited to some jurisdictions',
  })
  @ApiOkResponse({ type: TreeHeadPage })
  async treeHeads(
    @Query() query: TreeHeadsQuery,
    @Req() request: { principal?: Principal },
  ): Promise<{ treeHeads: SignedTreeHead[]; next: string | null }> {
    refuseScoped(request.principal);
    const limit = query.limit ?? 100;
    const heads = await this.service.audit.treeHeads.list({ ...(query.afterSize !== undefined && { afterSize: query.afterSize }), limit });
    const last = heads[heads.length - 1];
    return {
      treeHeads: heads,
      next: heads.length === limit && last ? `/v1/audit/tree-heads?afterSize=${last.treeSize}&limit=${limit}` : null,
    };
  }

  @Get('tree-heads/latest')
  @Requires({ kind: 'figures' })
  @ApiOperation({ summary: 'The latest signed tree head; not for a caller limited to some jurisdictions' })
  @ApiOkResponse({ type: SignedTreeHeadView })
  async latest(@Req() request: { principal?: Principal }): Promise<SignedTreeHead> {
    refuseScoped(request.principal);
    const head = await this.service.audit.treeHeads.latest();
    if (head === undefined) throw notFound('audit.no_tree_head', 'no tree head has been signed yet: POST /v1/audit/tree-heads issues one');
    return head;
  }

  @Post('tree-heads')
  @HttpCode(201)
  @Requires({ kind: 'log' })
  @ApiOperation({ summary: 'Sign a tree head now, over every event stored so far (auditors)' })
  @ApiCreatedResponse({ type: SignedTreeHeadView })
  async issue(): Promise<SignedTreeHead> {
    return this.service.issueTreeHead();
  }

  @Get('proofs/inclusion')
  @Requires({ kind: 'log' }, { cost: COSTS.inclusionProof })
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of an event (by position or eventId) in the tree of a signed head' })
  @ApiOkResponse({ type: InclusionProofView, description: 'Check it against the head with the same treeSize' })
  async inclusion(@Query() query: InclusionProofQuery): Promise<InclusionProof & { treeHead: SignedTreeHead | null }> {
    if ((query.position === undefined) === (query.eventId === undefined)) {
      throw invalid('audit.inclusion_target', 'give exactly one of position and eventId', { parameter: 'position' });
    }
    const position = query.position ?? (await this.positionOfEvent(query.eventId!));
    // A head signed by another instance may be larger than this instance's tree yet.
    await this.service.caughtUp();
    const proof = await this.service.audit.inclusionProof(position, query.treeSize);
    return { ...proof, treeHead: (await this.service.audit.treeHeads.atSize(proof.treeSize)) ?? null };
  }

  @Get('proofs/consistency')
  @Requires({ kind: 'log' }, { cost: COSTS.consistencyProof })
  @ApiOperation({
    summary: 'RFC 9162 consistency proof between two tree sizes (two signed heads): the later log extends the earlier unchanged',
  })
  @ApiOkResponse({ type: ConsistencyProofView })
  async consistency(
    @Query() query: ConsistencyProofQuery,
  ): Promise<ConsistencyProof & { firstTreeHead: SignedTreeHead | null; secondTreeHead: SignedTreeHead | null }> {
    if (query.first === undefined)
      throw invalid('audit.bad_tree_sizes', 'first (the earlier tree size) is required', { parameter: 'first' });
    await this.service.caughtUp();
    const second = query.second ?? (await this.service.audit.treeHeads.latest())?.treeSize ?? this.service.audit.treeSize;
    const proof = this.service.audit.consistencyProof(query.first, second);
    return {
      ...proof,
      firstTreeHead: (await this.service.audit.treeHeads.atSize(proof.firstSize)) ?? null,
      secondTreeHead: (await this.service.audit.treeHeads.atSize(proof.secondSize)) ?? null,
    };
  }

  /** One lookup in the worker's event id -> leaf index (and a read of the few leaves it has not indexed yet). */
  private async positionOfEvent(eventId: string): Promise<number> {
    const leafIndex = await this.jobs.worker.eventLeaf(eventId);
    if (leafIndex !== null) return this.service.audit.merkleLog.leaf(leafIndex).position;
    throw notFound('audit.event_not_found', `no event with id ${eventId} is in the log`, { eventId });
  }
}

/**
 * A tree head gives the size of the whole log and when it was signed: the count and timing of every jurisdiction's
 * events. A caller limited to some jurisdictions gets its attestations sealed instead (docs/security.md).
 */
function refuseScoped(principal: Principal | undefined): void {
  if (!jurisdictionScoped(principal)) return;
  throw new ForbiddenException({
    code: 'auth.log_metadata_out_of_scope',
    message:
      "signed tree heads give the size and time of the whole log, every jurisdiction's events: they are not for a caller limited to some jurisdictions; its attestations commit to the head by hash (treeHeadSha256)",
  });
}
