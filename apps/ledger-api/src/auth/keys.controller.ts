import { KeyManagement, KeyManagementError, SecurityLog, type ApiKeyRecord } from '@ledger/auth';
import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequestValidationError } from '../http/request-validation';
import { Requires } from './access.decorators';
import type { AuthenticatedRequest } from './auth.guard';
import { ApiKeyView, CreatedKeyView, CreateKeyDto, KEY_ID, RevokeKeyDto, SecurityEventPage, SecurityEventsQuery } from './keys.dto';

/** Key management (admins). Every action is an event in the security log, readable by auditors. */
@ApiTags('keys')
@Controller('v1')
export class KeysController {
  constructor(
    private readonly keys: KeyManagement,
    private readonly log: SecurityLog,
  ) {}

  @Post('keys')
  @Requires({ kind: 'keys' })
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an API key; the key is in this answer only' })
  @ApiCreatedResponse({ type: CreatedKeyView })
  async create(
    @Body() body: CreateKeyDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CreatedKeyView> {
    try {
      const created = await this.keys.create(body, request.principal!.id);
      response.setHeader('Location', `/v1/keys/${created.keyId}`);
      response.setHeader('Cache-Control', 'no-store');
      return view(created) as CreatedKeyView;
    } catch (error) {
      throw httpError(error);
    }
  }

  @Get('keys')
  @Requires({ kind: 'keys' })
  @ApiOperation({ summary: 'Every API key, revoked ones included (never the keys themselves)' })
  @ApiOkResponse({ type: [ApiKeyView] })
  async list(): Promise<{ keys: ApiKeyView[] }> {
    return { keys: (await this.keys.list()).map(view) };
  }

  @Get('keys/:keyId')
  @Requires({ kind: 'keys' })
  @ApiOperation({ summary: 'One API key' })
  @ApiOkResponse({ type: ApiKeyView })
  async get(@Param('keyId') keyId: string): Promise<ApiKeyView> {
    const key = KEY_ID.test(keyId) ? await this.keys.get(keyId) : undefined;
    if (!key) throw new NotFoundException({ code: 'keys.not_found', message: `no API key ${keyId}` });
    return view(key);
  }

  @Post('keys/:keyId/revocation')
  @Requires({ kind: 'keys' })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once' })
  @ApiOkResponse({ type: ApiKeyView })
  async revoke(@Param('keyId') keyId: string, @Body() body: RevokeKeyDto, @Req() request: AuthenticatedRequest): Promise<ApiKeyView> {
    if (!KEY_ID.test(keyId)) throw new NotFoundException({ code: 'keys.not_found', message: `no API key ${keyId}` });
    try {
      return view(await this.keys.revoke(keyId, request.principal!.id, body.reason));
    } catch (error) {
      throw httpError(error);
    }
  }

  @Get('security/events')
  @Requires({ kind: 'log' }, { expensive: true })
  @ApiOperation({ summary: 'The security log (key management, subject details sealed, erasures), in order' })
  @ApiOkResponse({ type: SecurityEventPage })
  async events(@Query() query: SecurityEventsQuery): Promise<{ events: unknown[]; next: number | null }> {
    const limit = query.limit ?? 100;
    const read = await this.log.read(query.after ?? 0, limit + 1);
    const events = read.slice(0, limit);
    return {
      events: events.map(({ position, stream, revision, eventId, type, schemaVersion, data, metadata }) => ({
        position,
        stream,
        revision,
        eventId,
        type,
        schemaVersion,
        data: withoutKeyHash(type, data),
        metadata,
      })),
      next: read.length > limit ? events[events.length - 1].position : null,
    };
  }
}

/** Key hashes are never shown, keyed or not (old logs hold plain SHA-256 ones): a hash must not leave the store. */
function withoutKeyHash(type: string, data: unknown): unknown {
  if (type !== 'ApiKeyCreated' || typeof data !== 'object' || data === null) return data;
  const { keyHash: _hidden, ...rest } = data as Record<string, unknown>;
  return rest;
}

function view(key: ApiKeyRecord & { key?: string }): ApiKeyView & { key?: string } {
  const { keyId, role, categories, countries, label, createdAt, createdBy, revokedAt, revokedBy } = key;
  return {
    keyId,
    role,
    categories: [...categories],
    countries: [...countries],
    label,
    createdAt,
    createdBy,
    revokedAt,
    revokedBy,
    ...(key.key ? { key: key.key } : {}),
  };
}

function httpError(error: unknown): unknown {
  if (!(error instanceof KeyManagementError)) return error;
  switch (error.code) {
    case 'keys.invalid_grant':
      return new RequestValidationError([{ field: 'role', message: error.message, code: error.code }]);
    case 'keys.not_found':
      return new NotFoundException({ code: error.code, message: error.message });
    case 'keys.already_revoked':
      return new ConflictException({ code: error.code, message: error.message });
  }
}
