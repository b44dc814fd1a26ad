import { figureStoreContract } from '../../test/figure-store.contract';
import { PostgresFigureStore } from './postgres-figure-store';
import { dropPostgresSchemas } from '@ledger/test-support';

// PostgreSQL runs on the build machines (.ci/run starts it); each test gets a schema of its own, dropped after.
const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let schemas = 0;
let schema = '';

figureStoreContract(
  'PostgreSQL',
  async () => {
    schema = `figures_test_${process.pid}_${++schemas}`;
    return new PostgresFigureStore({ connectionString, schema });
  },
  () => dropPostgresSchemas(connectionString, schema),
);
