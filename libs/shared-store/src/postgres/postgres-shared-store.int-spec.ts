import { sharedStoreContract } from '../../test/shared-store.contract';
import { PostgresSharedStore } from './postgres-shared-store';
import { dropPostgresSchemas } from '@ledger/test-support';

// PostgreSQL runs on the build machines; each test gets a schema of its own, dropped after.
const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let schemas = 0;

sharedStoreContract('PostgreSQL', async () => {
  const schema = `shared_store_test_${process.pid}_${++schemas}`;
  return {
    location: { kind: 'postgres', connectionString, schema },
    open: () => PostgresSharedStore.open({ connectionString, schema, clock: () => new Date().toISOString(), leaseHeartbeatMs: 200 }),
    cleanup: () => dropPostgresSchemas(connectionString, schema),
  };
});
