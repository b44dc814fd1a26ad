import type { Category } from '@ledger/domain';
import type { Permission } from '@ledger/auth';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PROBLEM_JSON, ProblemDetails } from '../http/problem-details';
import type { CostOf } from './costs';

export const ROUTE_ACCESS = 'ledger:route-access';

/** What the auth guard needs to know about a route. A route without it is refused to everybody. */
export type RouteAccess =
  | {
      readonly public: true;
      /** A credential, when sent and valid, is read (request.principal); a bad one is ignored. */ readonly identifies?: boolean;
    }
  | {
      readonly public?: false;
      readonly permission: Permission;
      /** Counted against the caller's budget of expensive reads (429 beyond it): costs 1 unit. */
      readonly expensive?: boolean;
      /** Costs this many units of the caller's budget (or as the query says: costs.ts); 429 beyond it. */
      readonly cost?: CostOf;
      /** Figure queries: a regulator's `country` filter is checked against, or set to, its grants. */
      readonly countryScoped?: boolean;
      /** Paged by log position: a caller limited to some jurisdictions pages with sealed cursors (`after=c1.…`). */
      readonly positionCursor?: boolean;
    };

const problem = (description: string) => ({
  description,
  type: ProblemDetails,
  content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/** No authentication (health only); with `identifies`, the answer may say more to a caller who sends a valid credential. */
export const Public = (options: { identifies?: boolean } = {}): ClassDecorator & MethodDecorator =>
  SetMetadata(ROUTE_ACCESS, { public: true, ...(options.identifies ? { identifies: true } : {}) } satisfies RouteAccess);

/** The route needs a principal that `permission` allows. */
export function Requires(
  permission: Permission,
  options: { expensive?: boolean; cost?: CostOf; countryScoped?: boolean; positionCursor?: boolean } = {},
): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(ROUTE_ACCESS, { permission, ...options } satisfies RouteAccess),
    ApiBearerAuth(),
    ApiUnauthorizedResponse(problem('No credential, or an unknown, revoked or invalid one.')),
    ApiForbiddenResponse(problem('The credential does not allow this route or this object.')),
    ...(options.expensive || options.cost !== undefined
      ? [ApiTooManyRequestsResponse(problem("This key's budget is spent (calls cost by their work); retry after Retry-After seconds."))]
      : []),
  ) as ClassDecorator & MethodDecorator;
}

/** Command routes: a service key granted this category. */
export const IssuesCommands = (category: Category): ClassDecorator & MethodDecorator => Requires({ kind: 'command', category });
