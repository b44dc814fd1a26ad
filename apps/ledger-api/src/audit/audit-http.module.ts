import { Module, type DynamicModule } from '@nestjs/common';
import { AttestationsController } from './attestations.controller';
import { AuditController } from './audit.controller';
import { AUDIT_HTTP_OPTIONS, AuditService } from './audit.service';
import { VerificationsController } from '../jobs/verifications.controller';
import { VerifyJobs } from '../jobs/verify-jobs.service';
import { RestatementsController } from './restatements.controller';

export interface AuditHttpModuleOptions {
  /** Keep the Merkle log and the tree-head schedule in this process (default true, like the figures projector). */
  readonly runFollower?: boolean;
}

/**
 * `/v1/audit/...` (public key, tree heads, proofs, verify jobs in the ledger worker thread), `POST /v1/attestations`, `GET /v1/figures/{name}/restatements`,
 * and the in-process Merkle log follower with its tree-head schedule. Needs the global core module (config, clock,
 * event store) and FiguresHttpModule (its figure service and store are looked up app-wide) imported beside it.
 */
@Module({})
export class AuditHttpModule {
  static forRoot(options: AuditHttpModuleOptions = {}): DynamicModule {
    return {
      module: AuditHttpModule,
      controllers: [AuditController, VerificationsController, AttestationsController, RestatementsController],
      providers: [{ provide: AUDIT_HTTP_OPTIONS, useValue: { runFollower: options.runFollower ?? true } }, AuditService, VerifyJobs],
      exports: [AuditService, VerifyJobs],
    };
  }
}
