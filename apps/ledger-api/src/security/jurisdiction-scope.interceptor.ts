import { jurisdictionScoped, type Principal } from '@ledger/auth';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { POSITION_CURSORS, type PositionCursors } from './position-cursors';
import { scopedAnswer, scopedList, scopedProvenance } from './jurisdiction-view';

/**
 * On the figure routes: what a caller limited to some jurisdictions receives carries no global position, no log
 * recording time and no cursor that shows a position (jurisdiction-view.ts). Auditors and admins get the answer as
 * computed. The guard refuses such a caller's `knownAt=<position>` and opens its `after` cursors.
 */
@Injectable()
export class JurisdictionScopeInterceptor implements NestInterceptor {
  constructor(@Inject(POSITION_CURSORS) private readonly cursors: PositionCursors) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ principal?: Principal }>();
    if (!jurisdictionScoped(request.principal)) return next.handle();
    const handler = context.getHandler().name;
    return next.handle().pipe(
      map((body: unknown) => {
        if (typeof body !== 'object' || body === null) return body;
        const json = body as Record<string, unknown>;
        if (handler === 'provenance') return scopedProvenance(json, this.cursors);
        if (handler === 'list') return scopedList(json);
        return scopedAnswer(json);
      }),
    );
  }
}
