// Shared by the benchmarks: a fresh database on the PostgreSQL server when reachable (created and
// dropped around the run), else in-memory PGlite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/database.ts';

export const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function withPostgres(fn: (database: Database) => Promise<void>): Promise<void> {
  const name = `kp_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ database: { kind: 'postgres', url: url.toString(), poolSize: 10 }, appRole: 'kp_app' });
  try {
    await fn(database);
  } finally {
    await database.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

export async function withPglite(fn: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase({ database: { kind: 'pglite', dataDir: null }, appRole: 'kp_app' });
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}
