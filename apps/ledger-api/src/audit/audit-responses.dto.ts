import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response schemas of /v1/audit and /v1/attestations, for the OpenAPI document (the values come from @ledger/audit).

const HEX = '^[0-9a-f]+$';

export class PublicKeyView {
  @ApiProperty({ description: 'Hex SHA-256 of the raw Ed25519 public key', pattern: HEX })
  readonly keyId!: string;

  @ApiProperty({ enum: ['Ed25519'] })
  readonly algorithm!: 'Ed25519';

  @ApiProperty({ description: 'SPKI PEM, for openssl' })
  readonly publicKeyPem!: string;

  @ApiProperty({ description: 'The raw 32-byte key, base64' })
  readonly publicKeyRawBase64!: string;
}

export class SignedTreeHeadView {
  @ApiProperty({ description: 'Events covered: the first treeSize events of the log', minimum: 0 })
  readonly treeSize!: number;

  @ApiProperty({ description: 'RFC 9162 root hash of those leaves, lower-case hex', pattern: HEX })
  readonly rootHash!: string;

  @ApiProperty({ description: 'When it was signed (ISO 8601 UTC)', format: 'date-time' })
  readonly timestamp!: string;

  @ApiProperty({ description: 'Hex SHA-256 of the signing key', pattern: HEX })
  readonly keyId!: string;

  @ApiProperty({ description: 'Base64 Ed25519 signature over the tree head statement' })
  readonly signature!: string;
}

export class TreeHeadPage {
  @ApiProperty({ type: [SignedTreeHeadView] })
  readonly treeHeads!: SignedTreeHeadView[];

  @ApiProperty({ type: String, nullable: true, description: 'Link to the next page; null on the last' })
  readonly next!: string | null;
}

export class InclusionProofView {
  @ApiProperty({ description: 'Log position of the event' })
  readonly position!: number;

  @ApiProperty({ description: 'Index of its leaf in the Merkle tree' })
  readonly leafIndex!: number;

  @ApiProperty()
  readonly treeSize!: number;

  @ApiProperty({ pattern: HEX })
  readonly leafHash!: string;

  @ApiProperty({ type: [String], description: 'RFC 9162 audit path, hex' })
  readonly path!: string[];

  @ApiProperty({ type: () => SignedTreeHeadView, nullable: true, description: 'The signed head of that tree size, if one was signed' })
  readonly treeHead!: SignedTreeHeadView | null;
}

export class ConsistencyProofView {
  @ApiProperty()
  readonly firstSize!: number;

  @ApiProperty()
  readonly secondSize!: number;

  @ApiProperty({ type: [String], description: 'RFC 9162 consistency path, hex' })
  readonly path!: string[];

  @ApiProperty({ type: () => SignedTreeHeadView, nullable: true })
  readonly firstTreeHead!: SignedTreeHeadView | null;

  @ApiProperty({ type: () => SignedTreeHeadView, nullable: true })
  readonly secondTreeHead!: SignedTreeHeadView | null;
}

export class VerifyMismatchView {
  @ApiProperty({ description: 'What did not match (content hash, chain, revision, position, leaf, root, signature...)' })
  readonly problem!: string;

  @ApiPropertyOptional()
  readonly position?: number;

  @ApiPropertyOptional()
  readonly stream?: string;

  @ApiPropertyOptional()
  readonly revision?: number;

  @ApiPropertyOptional()
  readonly eventId?: string;

  @ApiPropertyOptional()
  readonly leafIndex?: number;

  @ApiProperty()
  readonly expected!: string;

  @ApiProperty()
  readonly actual!: string;

  @ApiProperty({ description: 'One sentence for a person' })
  readonly detail!: string;
}

export class VerifyReportView {
  @ApiProperty({ description: 'True when every event, chain, leaf and signed root matched' })
  readonly ok!: boolean;

  @ApiProperty()
  readonly eventsChecked!: number;

  @ApiProperty()
  readonly streamsChecked!: number;

  @ApiPropertyOptional({ description: 'Position of the last event read' })
  readonly lastPosition?: number;

  @ApiProperty({ description: 'Root recomputed from the events read', pattern: HEX })
  readonly rootHash!: string;

  @ApiProperty()
  readonly treeHeadsChecked!: number;

  @ApiPropertyOptional({ type: () => VerifyMismatchView, description: 'The first event that does not match' })
  readonly firstMismatch?: VerifyMismatchView;

  @ApiProperty({ description: 'Wall time of the check' })
  readonly seconds!: number;

  @ApiProperty()
  readonly eventsPerSecond!: number;
}

export class AttestationView {
  @ApiProperty({ enum: [1] })
  readonly version!: 1;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The figure query as asked (name, version, groupBy, filters, asOf, knownAt...)',
  })
  readonly query!: Record<string, unknown>;

  @ApiProperty({ description: 'Hex SHA-256 of the canonical JSON of the answer', pattern: HEX })
  readonly answerHash!: string;

  @ApiProperty({ description: 'Base64 of the canonical JSON of the answer (UTF-8)' })
  readonly answerCanonical!: string;

  @ApiProperty({ type: () => SignedTreeHeadView, description: 'The head the answer was computed at' })
  readonly treeHead!: SignedTreeHeadView;

  @ApiProperty({ format: 'date-time' })
  readonly issuedAt!: string;

  @ApiProperty({ pattern: HEX })
  readonly keyId!: string;

  @ApiProperty({ description: 'Base64 of the signed bytes' })
  readonly statement!: string;

  @ApiProperty({ description: 'Base64 Ed25519 signature over the decoded statement' })
  readonly statementSignature!: string;
}

/** An attestation for a caller limited to some jurisdictions: the head is sealed into its hash (docs/security.md). */
export class SealedAttestationView {
  @ApiProperty({ enum: [2] })
  readonly version!: 2;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The figure query as asked, knownAt `sealed-tree-head`' })
  readonly query!: Record<string, unknown>;

  @ApiProperty({
    description: 'Hex SHA-256 of the canonical JSON of the answer (the scoped view: no positions, no log times)',
    pattern: HEX,
  })
  readonly answerHash!: string;

  @ApiProperty({ description: 'Base64 of the canonical JSON of the answer (UTF-8)' })
  readonly answerCanonical!: string;

  @ApiProperty({
    description: 'Hex SHA-256 of the canonical JSON {salt, treeHead} of the signed tree head the answer was computed at',
    pattern: HEX,
  })
  readonly treeHeadSha256!: string;

  @ApiProperty({ description: 'Hex, 16 random bytes: two attestations at one head differ', pattern: HEX })
  readonly treeHeadSalt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly issuedAt!: string;

  @ApiProperty({ pattern: HEX })
  readonly keyId!: string;

  @ApiProperty({
    description: 'Base64 of the signed bytes (six lines: header, issued-at, query, answer-sha256, tree-head-salt, tree-head-sha256)',
  })
  readonly statement!: string;

  @ApiProperty({ description: 'Base64 Ed25519 signature over the decoded statement' })
  readonly statementSignature!: string;
}
