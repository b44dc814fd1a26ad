import type { TreeHeadStore } from '@ledger/audit';
import type { CostBucketStore, SecurityLogStore, SubjectKeyStore } from '@ledger/auth';
import type { LeaseStore } from './lease';
import type { ProjectorHeartbeatStore } from './projector-heartbeat';
import type { SecretStore } from './secret-store';

/**
 * Everything the API instances of one ledger must agree on besides the events: API keys and the security log,
 * subject keys (crypto-shredding), signed tree heads, secrets, and the leases of the one projector and the one
 * tree-head signer. Embedded: the data dir's SQLite files, as a single process has always kept them. Production
 * (DATABASE_URL): PostgreSQL, shared by every instance.
 */
export interface SharedStore {
  readonly kind: 'sqlite' | 'postgres';
  /** True when a missing secret may be generated here (embedded); false in production, where it must be configured. */
  readonly generatesSecrets: boolean;
  readonly securityLog: SecurityLogStore;
  readonly subjectKeys: SubjectKeyStore;
  readonly treeHeads: TreeHeadStore;
  readonly secrets: SecretStore;
  readonly leases: LeaseStore;
  /** Each key's cost budget, shared by the instances (production); absent embedded, where one process counts. */
  readonly costBuckets?: CostBucketStore;
  /** Where `ledger project` says how far it is and that it is alive, for APIs with LEDGER_PROJECTOR=external. */
  readonly projectorHeartbeat: ProjectorHeartbeatStore;
  close(): Promise<void>;
}

export const SHARED_STORE = Symbol('SHARED_STORE');
