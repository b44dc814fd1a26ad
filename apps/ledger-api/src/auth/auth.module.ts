import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { CostLimiter, JwtVerifier, KeyManagement, Pseudonymizer, SecurityLog, SubjectVault, type Principal } from '@ledger/auth';
import { CLOCK, type Clock } from '@ledger/commands';
import { LEDGER_CONFIG, SECURITY_LOG_FILENAME, SUBJECT_KEYS_FILENAME, type LedgerConfig } from '@ledger/config';
import { SqliteEventStore } from '@ledger/event-store';
import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SubjectsController } from '../subjects/subjects.controller';
import { AuthGuard, RATE_LIMITER, TEST_PRINCIPAL } from './auth.guard';
import { KeysController } from './keys.controller';
import { pseudonymSecret, writeAdminKeyFile } from './ledger-secrets';
import { PSEUDONYMIZER, Pseudonyms } from './pseudonyms.service';

/** Provisions the admin key at start: LEDGER_ADMIN_KEY when set, else (no active admin key yet) one written into the data dir. */
@Injectable()
class AdminKeyProvisioning implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly keys: KeyManagement,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminKey !== undefined) {
      const created = await this.keys.provision(this.config.adminKey, { role: 'admin', label: 'LEDGER_ADMIN_KEY' }, 'system:LEDGER_ADMIN_KEY');
      if (created) this.logger.log(`admin key from LEDGER_ADMIN_KEY registered as ${created.keyId}`);
      // A revoked key is never brought back by a restart: the operator sets a new one.
      else if ((await this.keys.authenticate(this.config.adminKey)) === undefined) this.logger.warn('LEDGER_ADMIN_KEY was revoked; set a new value to provision a new admin key');
      return;
    }
    if (await this.keys.hasActiveRole('admin')) return;
    const { key, file } = writeAdminKeyFile(this.config);
    const created = await this.keys.provision(key, { role: 'admin', label: 'first start' }, 'system:first-start');
    this.logger.warn(`no admin key yet: one was created (${created?.keyId}) and written to ${file}; use it to create keys (POST /v1/keys or \`ledger keys create\`), then keep it safe`);
  }
}

/** Closes what the module opened, after everything using it has stopped. */
@Injectable()
class AuthStoresCloser implements OnApplicationShutdown {
  constructor(
    private readonly log: SecurityLog,
    private readonly vault: SubjectVault,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.vault.close();
    await this.log.store.close();
  }
}

export interface AuthModuleOptions {
  /** Tests of other parts only: the principal of requests that carry no credential. */
  readonly testPrincipal?: Principal;
}

/**
 * Authentication and authorisation for the whole API (a global guard: deny by default), key management, keyed
 * pseudonyms and the subject vault. The security log and the subject keys live in the data dir, beside the events.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: LedgerConfig, options: AuthModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: SecurityLog,
        useFactory: (clock: Clock) => {
          mkdirSync(config.dataDir, { recursive: true });
          return new SecurityLog(new SqliteEventStore({ filename: join(config.dataDir, SECURITY_LOG_FILENAME), clock: () => clock.now() }));
        },
        inject: [CLOCK],
      },
      { provide: KeyManagement, useFactory: (log: SecurityLog, clock: Clock) => new KeyManagement(log, () => clock.now()), inject: [SecurityLog, CLOCK] },
      {
        provide: SubjectVault,
        useFactory: () => {
          mkdirSync(config.dataDir, { recursive: true });
          return new SubjectVault(join(config.dataDir, SUBJECT_KEYS_FILENAME));
        },
      },
      { provide: PSEUDONYMIZER, useFactory: () => new Pseudonymizer(pseudonymSecret(config)) },
      { provide: RATE_LIMITER, useFactory: () => new CostLimiter(config.rateLimit, () => Date.now()) },
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
      exports: [Pseudonyms, KeyManagement, SecurityLog, SubjectVault, RATE_LIMITER],
    };
  }
}
