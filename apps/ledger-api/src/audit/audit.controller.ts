import { previousEventIn, readGlobalLog, verifyLedger, type ConsistencyProof, type InclusionProof, type SignedTreeHead, type VerifyReport } from '@ledger/audit';
import { invalid, notFound } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import { ConsistencyProofView, InclusionProofView, PublicKeyView, SignedTreeHeadView, TreeHeadPage, VerifyReportView } from './audit-responses.dto';
import type { ProjectionHealth } from '../figures/figures-projector.service';
import { AuditService } from './audit.service';
import { ConsistencyProofQuery, InclusionProofQuery, TreeHeadsQuery } from './audit-queries.dto';

/** The integrity side of the ledger: the key, signed tree heads, proofs, and a full verify (docs/audit.md). */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly service: AuditService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
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
  @ApiOperation({ summary: 'Signed tree heads in issue order (size, root, timestamp, key id, Ed25519 signature)' })
  @ApiOkResponse({ type: TreeHeadPage })
  async treeHeads(@Query() query: TreeHeadsQuery): Promise<{ treeHeads: SignedTreeHead[]; next: string | null }> {
    const limit = query.limit ?? 100;
    const heads = await this.service.audit.treeHeads.list({ ...(query.afterSize !== undefined && { afterSize: query.afterSize }), limit });
    const last = heads[heads.length - 1];
    return { treeHeads: heads, next: heads.length === limit && last ? `/v1/audit/tree-heads?afterSize=${last.treeSize}&limit=${limit}` : null };
  }

  @Get('tree-heads/latest')
  @Requires({ kind: 'figures' })
  @ApiOperation({ summary: 'The latest signed tree head' })
  @ApiOkResponse({ type: SignedTreeHeadView })
  async latest(): Promise<SignedTreeHead> {
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
  @Requires({ kind: 'log' })
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
  @Requires({ kind: 'log' })
  @ApiOperation({ summary: 'RFC 9162 consistency proof between two tree sizes (two signed heads): the later log extends the earlier unchanged' })
  @ApiOkResponse({ type: ConsistencyProofView })
  async consistency(@Query() query: ConsistencyProofQuery): Promise<ConsistencyProof & { firstTreeHead: SignedTreeHead | null; secondTreeHead: SignedTreeHead | null }> {
    if (query.first === undefined) throw invalid('audit.bad_tree_sizes', 'first (the earlier tree size) is required', { parameter: 'first' });
    await this.service.caughtUp();
    const second = query.second ?? (await this.service.audit.treeHeads.latest())?.treeSize ?? this.service.audit.treeSize;
    const proof = this.service.audit.consistencyProof(query.first, second);
    return { ...proof, firstTreeHead: (await this.service.audit.treeHeads.atSize(proof.firstSize)) ?? null, secondTreeHead: (await this.service.audit.treeHeads.atSize(proof.secondSize)) ?? null };
  }

  @Get('verify')
  @Requires({ kind: 'log' }, { expensive: true })
  @ApiOperation({ summary: 'Recompute every content hash, stream chain, Merkle leaf and signed root; name the first event that does not match' })
  @ApiOkResponse({ type: VerifyReportView })
  async verify(): Promise<VerifyReport & { seconds: number; eventsPerSecond: number; projection: ProjectionHealth }> {
    const started = process.hrtime.bigint();
    const audit = this.service.audit;
    const report = await verifyLedger(readGlobalLog(this.events, { pageSize: 5000 }), { treeHeads: await audit.treeHeads.list(), publicKey: audit.key.publicKey, merkleLog: audit.merkleLog, previousEvent: previousEventIn(this.events) });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // The log can verify while the figures are stuck: say both, never "ok" alone over a stalled projector.
    return { ...report, seconds, eventsPerSecond: Math.round(report.eventsChecked / Math.max(seconds, 1e-9)), projection: this.service.projection.health() };
  }

  private async positionOfEvent(eventId: string): Promise<number> {
    for await (const event of readGlobalLog(this.events)) if (event.eventId === eventId) return event.position;
    throw notFound('audit.event_not_found', `no event with id ${eventId} is in the log`, { eventId });
  }
}
