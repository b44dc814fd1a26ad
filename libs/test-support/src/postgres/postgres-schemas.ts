import { Client } from 'pg';

/** Drops the PostgreSQL schemas a spec created for itself (each spec works in schemas of its own on one database). */
export async function dropPostgresSchemas(connectionString: string, ...schemas: readonly string[]): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
