import {
  CostLimiter,
  JwtVerifier,
  SharedCostLimiter,
  KeyHasher,
  KeyManagement,
  Pseudonymizer,
  SecurityLog,
  SubjectVault,
  type Principal,
} from '@ledger/auth';
import { CLOCK, type Clock } from '@ledger/commands';
import { ConfigError, LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { SHARED_STORE, type LedgerSecrets, type SharedStore } from '@ledger/shared-store';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SubjectsController } from '../subjects/subjects.controller';
import { AuthGuard, RATE_LIMITER, TEST_PRINCIPAL } from './auth.guard';
import { KeysController } from './keys.controller';
import { LEDGER_SECRETS } from '../cluster/cluster.module';
import { writeAdminKeyFile } from './ledger-secrets';
import { PSEUDONYMIZER, Pseudonyms } from './pseudonyms.service';
import { POSITION_CURSORS, PositionCursors } from '../security/position-cursors';
import { JurisdictionScopeInterceptor } from '../security/jurisdiction-scope.interceptor';

/** Provisions the admin key at start: LEDGER_ADMIN_KEY when set, else (no active admin key yet) one written into the data dir. */
@Injectable()
class AdminKeyProvisioning implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly keys: KeyManagement,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(SHARED_STORE) private readonly shared: SharedStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminKey !== undefined) {
      const created = await this.keys.provision(
        this.config.adminKey,
        { role: 'admin', label: 'LEDGER_ADMIN_KEY' },
        'system:LEDGER_ADMIN_KEY',
      );
      if (created) this.logger.log(`admin key from LEDGER_ADMIN_KEY registered as ${created.keyId}`);
      // A revoked key is never brought back by a restart: the operator sets a new one.
      else if ((await this.keys.authenticate(this.config.adminKey)) === undefined)
        this.logger.warn('LEDGER_ADMIN_KEY was revoked; set a new value to provision a new admin key');
      return;
    }
    if (await this.keys.hasActiveRole('admin')) return;
    // Production: an admin key is configured or already in the shared store, never made by one instance on its own.
    if (!this.shared.generatesSecrets)
      throw new ConfigError([
        'LEDGER_ADMIN_KEY is required with DATABASE_URL while the shared store holds no active admin key: set it (the same on every instance), or create one with `ledger keys create --role admin`',
      ]);
    const { key, file } = writeAdminKeyFile(this.config);
    const created = await this.keys.provision(key, { role: 'admin', label: 'first start' }, 'system:first-start');
    this.logger.warn(
      `no admin key yet: one was created (${created?.keyId}) and written to ${file}; use it to create keys (POST /v1/keys or \`ledger keys create\`), then keep it safe`,
    );
  }
}

/** Closes what the module opened, after everything using it has stopped. */
@Injectable()
class AuthStoresCloser implements OnApplicationShutdown {
  constructor(private readonly keys: KeyManagement) {}

  async onApplicationShutdown(): Promise<void> {
    // The stores themselves belong to the shared store (ClusterModule), which closes after this module.
    await this.keys.close();
  }
}

/**
 * One budget per key: with a shared store that keeps buckets (PostgreSQL), shared by every instance; embedded, this
 * process's own. A store that fails meanwhile is logged at most once a minute and the process counts alone.
 */
function costBudget(config: LedgerConfig, shared: SharedStore): CostLimiter | SharedCostLimiter {
  if (shared.costBuckets === undefined) return new CostLimiter(config.rateLimit, () => Date.now());
  const logger = new Logger('Limits');
  let warnedAt = 0;
  const onStoreError = (error: Error) => {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    logger.warn(`the shared cost budget is unavailable (${error.message}); this instance counts calls on its own until it answers`);
  };
  return new SharedCostLimiter(shared.costBuckets, config.rateLimit, () => Date.now(), { onStoreError });
}

export interface AuthModuleOptions {
  /** Tests of other parts only: the principal of requests that carry no credential. */
  readonly testPrincipal?: Principal;
}

/**
 * Authentication and authorisation for the whole API (a global guard: deny by default), key management, keyed
 * pseudonyms and the subject vault. The security log and the subject keys are in the shared store (ClusterModule).
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: LedgerConfig, options: AuthModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: SecurityLog, useFactory: (shared: SharedStore) => new SecurityLog(shared.securityLog), inject: [SHARED_STORE] },
      {
        provide: KeyManagement,
        useFactory: (log: SecurityLog, clock: Clock, secrets: LedgerSecrets) =>
          new KeyManagement(log, () => clock.now(), new KeyHasher(secrets.keyHashSecret)),
        inject: [SecurityLog, CLOCK, LEDGER_SECRETS],
      },
      { provide: SubjectVault, useFactory: (shared: SharedStore) => new SubjectVault(shared.subjectKeys), inject: [SHARED_STORE] },
      {
        provide: PSEUDONYMIZER,
        useFactory: (secrets: LedgerSecrets) => new Pseudonymizer(secrets.pseudonymSecret),
        inject: [LEDGER_SECRETS],
      },
      {
        provide: POSITION_CURSORS,
        useFactory: (secrets: LedgerSecrets) => new PositionCursors(secrets.keyHashSecret),
        inject: [LEDGER_SECRETS],
      },
      JurisdictionScopeInterceptor,
      { provide: RATE_LIMITER, useFactory: (shared: SharedStore) => costBudget(config, shared), inject: [SHARED_STORE] },
      ...(config.jwt ? [{ provide: JwtVerifier, useValue: new JwtVerifier(config.jwt) }] : []),
      ...(options.testPrincipal ? [{ provide: TEST_PRINCIPAL, useValue: options.testPrincipal }] : []),
      Pseudonyms,
      AdminKeyProvisioning,
      AuthStoresCloser,
      { provide: APP_GUARD, useClass: AuthGuard },
    ];
    return {
      module: AuthModule,
      controllers: [KeysController, SubjectsController],
      providers,
      exports: [Pseudonyms, KeyManagement, SecurityLog, SubjectVault, RATE_LIMITER, POSITION_CURSORS, JurisdictionScopeInterceptor],
    };
  }
}
