// Takes a lease and holds it until killed: the contract kills it with SIGKILL to show another process takes over.
import { PostgresSharedStore } from '../src/postgres/postgres-shared-store';
import { SqliteSharedStore } from '../src/sqlite/sqlite-shared-store';
import type { SharedStoreLocation } from './shared-store.contract';

async function main(): Promise<void> {
  const location = JSON.parse(process.argv[2]) as SharedStoreLocation;
  const name = process.argv[3];
  const clock = () => new Date().toISOString();
  const store =
    location.kind === 'postgres'
      ? await PostgresSharedStore.open({ connectionString: location.connectionString, schema: location.schema, clock })
      : new SqliteSharedStore({ dataDir: location.dataDir, auditFile: location.auditFile, clock });
  const lease = await store.leases.tryAcquire(name);
  process.stdout.write(lease ? 'held\n' : 'refused\n');
  setInterval(() => undefined, 60_000);
}

void main();
