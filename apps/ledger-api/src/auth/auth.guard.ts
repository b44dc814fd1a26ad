import {
  allows,
  InvalidTokenError,
  JwtVerifier,
  jurisdictionScoped,
  KeyManagement,
  scopeCountryFilter,
  type CostBudget,
  type Principal,
} from '@ledger/auth';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ROUTE_ACCESS, type RouteAccess } from './access.decorators';
import { costOf } from './costs';
import { POSITION_CURSORS, type PositionCursors } from '../security/position-cursors';

export const TEST_PRINCIPAL = Symbol('TEST_PRINCIPAL');
export const RATE_LIMITER = Symbol('RATE_LIMITER');

export type AuthenticatedRequest = Request & { principal?: Principal };

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Every request passes here (a global guard): authenticate (bearer API key or JWT), find the route's access rule
 * (none means refused: deny by default), check the role and grants, scope figure queries to a regulator's
 * countries, and count expensive reads against the caller's budget.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeyManagement,
    @Inject(RATE_LIMITER) private readonly limiter: CostBudget,
    @Inject(POSITION_CURSORS) private readonly cursors: PositionCursors,
    @Optional() private readonly jwt?: JwtVerifier,
    @Optional() @Inject(TEST_PRINCIPAL) private readonly testPrincipal?: Principal,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [context.getHandler(), context.getClass()]);
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    if (access?.public) {
      if (access.identifies && request.header('authorization') !== undefined)
        request.principal = await this.authenticate(request, response).catch(() => undefined);
      response.removeHeader('WWW-Authenticate');
      return true;
    }

    const principal = await this.authenticate(request, response);
    if (!access) throw new ForbiddenException({ code: 'auth.no_policy', message: 'this route grants access to nobody' });
    if (!allows(principal, access.permission)) {
      throw new ForbiddenException({
        code: 'auth.forbidden',
        message: `${principal.roles.join('/')} credentials cannot ${describe(access.permission)}`,
      });
    }
    if (access.countryScoped) scopeFigureQuery(request, principal);
    if (access.countryScoped && jurisdictionScoped(principal)) withoutPositions(request, access.positionCursor === true, this.cursors);
    const cost = access.cost !== undefined ? costOf(access.cost, request.query as Record<string, unknown>) : access.expensive ? 1 : 0;
    if (cost > 0) {
      const decision = await this.limiter.take(principal.id, cost);
      if (!decision.allowed) {
        response.setHeader('Retry-After', String(decision.retryAfterSeconds));
        throw new HttpException(
          {
            code: 'rate_limited',
            message: `this credential's budget of reads is spent (this call costs ${Number(cost.toFixed(2))} units); retry after ${decision.retryAfterSeconds} s`,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: Request, response: Response): Promise<Principal> {
    const header = request.header('authorization');
    if (header === undefined && this.testPrincipal) return this.testPrincipal;
    const refuse = (code: string, message: string): never => {
      response.setHeader(
        'WWW-Authenticate',
        `Bearer realm="ledger"${code === 'auth.missing_credentials' ? '' : ', error="invalid_token"'}`,
      );
      throw new UnauthorizedException({ code, message });
    };
    if (header === undefined) return refuse('auth.missing_credentials', 'send Authorization: Bearer <API key or JWT>');
    const match = /^Bearer ([\x21-\x7e]{1,8192})$/i.exec(header.trim());
    if (!match) return refuse('auth.invalid_credentials', 'the Authorization header must be "Bearer <API key or JWT>"');
    const token = match[1];
    if (JWT_SHAPE.test(token)) {
      if (!this.jwt) return refuse('auth.invalid_token', 'this ledger accepts no JWTs (LEDGER_JWT_ISSUER is not set); use an API key');
      try {
        return await this.jwt.verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) return refuse(error.code, error.message);
        throw error;
      }
    }
    const principal = await this.keys.authenticate(token);
    return principal ?? refuse('auth.invalid_key', 'unknown or revoked API key');
  }
}

function describe(permission: Parameters<typeof allows>[1]): string {
  switch (permission.kind) {
    case 'command':
      return `issue ${permission.category} commands`;
    case 'import':
      return 'import commands';
    case 'import.history':
      return 'import history with its original recording times';
    case 'figures':
      return 'read figures';
    case 'log':
      return 'read the event log';
    case 'keys':
      return 'manage API keys';
    case 'subjects.record':
      return 'record subjects';
    case 'subjects.read':
      return "read subjects' details";
    case 'subjects.erase':
      return 'erase subjects';
  }
}

/**
 * A caller limited to some jurisdictions names no log position: `knownAt=<position>` would tell it the log as of
 * any event, and positions count every jurisdiction's events. It asks by time (`knownAt=<instant>`), and pages
 * with the sealed cursors its pages carry, which the guard opens into positions here.
 */
function withoutPositions(request: Request, positionCursor: boolean, cursors: PositionCursors): void {
  const query = { ...(request.query as Record<string, unknown>) };
  const values = (name: string) =>
    (query[name] === undefined ? [] : Array.isArray(query[name]) ? (query[name] as unknown[]) : [query[name]]).map(String);
  if (values('knownAt').some((value) => /^\s*\d+\s*$/.test(value))) {
    throw new ForbiddenException({
      code: 'auth.positions_out_of_scope',
      message:
        "log positions are not for a caller limited to some jurisdictions (they count every jurisdiction's events): give knownAt as a time, e.g. 2025-06-30T23:59:59Z",
    });
  }
  if (!positionCursor || query.after === undefined) return;
  const after = values('after');
  const position = after.length === 1 ? cursors.open(after[0]) : undefined;
  if (position === undefined)
    throw new BadRequestException({
      code: 'figures.bad_cursor',
      message: 'after must be the cursor of a next link this ledger gave (c1.…), unchanged',
    });
  query.after = String(position);
  Object.defineProperty(request, 'query', { value: query, configurable: true, enumerable: true, writable: true });
}

/**
 * A regulator's figure query names only its countries, or is given them: rows of other countries are then absent
 * (never zeroed) and totals add up the visible rows only, because the figure store filters before aggregating.
 */
function scopeFigureQuery(request: Request, principal: Principal): void {
  const query = { ...(request.query as Record<string, unknown>) };
  const raw = query.country;
  const requested = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const decision = scopeCountryFilter(principal, requested);
  if (!decision.ok) {
    throw new ForbiddenException({
      code: 'auth.out_of_scope',
      message: `country ${decision.outside.join(', ')} is outside the countries this credential may read`,
    });
  }
  if (decision.countries === 'all') return;
  query.country = decision.countries.join(',');
  // Express 5 computes req.query on each read; an own property pins the scoped query for the handler.
  Object.defineProperty(request, 'query', { value: query, configurable: true, enumerable: true, writable: true });
}
