import { ANY, GRANTABLE_CATEGORIES, ROLES, type Role } from '@ledger/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { OneOf, QueryWholeNumber, Text } from '../dto/field-rules';

/** What a new key grants. Anything else in the body (an id, a hash, an actor) is refused: the ledger sets those. */
export class CreateKeyDto {
  @OneOf(
    ROLES,
    'service issues commands of its categories; regulator reads figures of its countries; auditor reads everything and writes nothing; admin manages keys.',
    'regulator',
  )
  readonly role!: Role;

  @ApiPropertyOptional({
    type: [String],
    description: `Service keys: command categories (${GRANTABLE_CATEGORIES.join(', ')}) or ${ANY}.`,
    example: ['freeze'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn([...GRANTABLE_CATEGORIES, ANY], {
    each: true,
    message: ({ property: p }) => `each of ${p} must be one of ${GRANTABLE_CATEGORIES.join(', ')} or ${ANY}`,
  })
  readonly categories?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Regulator keys: ISO 3166-1 alpha-2 countries whose figures it may read.',
    example: ['MX'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(300)
  @IsString({ each: true })
  @Matches(/^[A-Z]{2}$/, {
    each: true,
    message: ({ property: p }) => `each of ${p} must be an upper-case ISO 3166-1 alpha-2 code such as "MX"`,
  })
  readonly countries?: string[];

  @Text('Who or what the key is for.', 200, 'case management service', true)
  readonly label?: string;
}

export class RevokeKeyDto {
  @Text('Why the key is revoked.', 500, 'rotated', true)
  readonly reason?: string;
}

export class ApiKeyView {
  @ApiProperty({ example: '3f9c0a1b2c3d4e5f' }) readonly keyId!: string;
  @ApiProperty({ enum: ROLES }) readonly role!: Role;
  @ApiProperty({ type: [String] }) readonly categories!: string[];
  @ApiProperty({ type: [String] }) readonly countries!: string[];
  @ApiProperty({ type: String, nullable: true }) readonly label!: string | null;
  @ApiProperty() readonly createdAt!: string;
  @ApiProperty({ example: 'apikey:0a1b2c3d4e5f6071' }) readonly createdBy!: string;
  @ApiProperty({ type: String, nullable: true }) readonly revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly revokedBy!: string | null;
}

export class CreatedKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key: shown this once, stored only as a hash.', example: 'ldg_…' }) readonly key!: string;
}

export class SecurityEventsQuery {
  @QueryWholeNumber('Events strictly after this position of the security log.', 0)
  readonly after?: number;

  @QueryWholeNumber('Events per page.', 1, 1000, 100)
  readonly limit?: number;
}

/** Text guard for ids in paths. */
export const KEY_ID = /^[0-9a-f]{16}$/;

export class SecurityEventView {
  @ApiProperty() readonly position!: number;
  @ApiProperty() readonly stream!: string;
  @ApiProperty() readonly revision!: number;
  @ApiProperty() readonly eventId!: string;
  @ApiProperty() readonly type!: string;
  @ApiProperty() readonly schemaVersion!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Key grants, pseudonyms and sealed details: never a key or raw personal data',
  })
  readonly data!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) readonly metadata!: Record<string, unknown>;
}

export class SecurityEventPage {
  @ApiProperty({ type: [SecurityEventView] }) readonly events!: SecurityEventView[];
  @ApiProperty({ type: Number, nullable: true, description: 'Position to read after for the next page; null on the last' }) readonly next!:
    number | null;
}
