import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A PostgreSQL database of one test run's own, made beside the admin database and dropped after. */
export interface ScratchDatabase {
  /** Its connection string (DATABASE_URL for the instances under test). */
  readonly url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
}

export function scratchDatabase(
  prefix: string,
  adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
): ScratchDatabase {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const asAdmin = async (sql: string) => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  return { url, create: () => asAdmin(`CREATE DATABASE ${name}`), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
