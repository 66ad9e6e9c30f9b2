// Shared by the benchmarks: a fresh database on the PostgreSQL server when reachable (created and
// dropped around the run), else in-memory PGlite.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
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

/**
 * Signs a login in through inject() (fetch() cannot set the Host header that names the tenant)
 * and returns its session cookie for the load generator.
 */
export async function signInCookie(app: FastifyInstance, host: string, login: { email: string; password: string }): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host, 'content-type': 'application/json' },
    payload: JSON.stringify({ identifier: login.email, password: login.password }),
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  return ((Array.isArray(setCookie) ? setCookie[0] : setCookie) ?? '').split(';')[0] ?? '';
}
