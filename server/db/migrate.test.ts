import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { adminQuery, isPostgres, withDatabase } from '../../test/db.ts';
import { openDatabase, type Database } from './database.ts';
import { assertAppRoleSafe, migrateToLatest, UnsafeRoleError } from './migrate.ts';
import { migrations } from './migrations/index.ts';

/** An empty database (no template): on PGlite in memory, on PostgreSQL a new database. */
async function emptyDatabase(appRole = 'kp_app'): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ database: { kind: 'pglite', dataDir: null }, appRole });
  const name = `kp_empty_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name}`);
  const database = await openDatabase({ database: { kind: 'postgres', url: withDatabase(url, name), poolSize: 2 }, appRole });
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}

describe(`migrations (${isPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('migrate an empty database to the latest version and are idempotent', async () => {
    const database = await emptyDatabase();
    try {
      const first = await migrateToLatest(database);
      expect(first.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
      expect(first.every((r) => r.status === 'Success')).toBe(true);
      expect(await migrateToLatest(database)).toEqual([]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(database.db);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('refuses to start when the runtime role can bypass row-level security', async () => {
    const role = `kp_bypass_${randomBytes(4).toString('hex')}`;
    const database = await emptyDatabase(role);
    try {
      await sql.raw(`create role ${role} nologin bypassrls`).execute(database.db);
      await expect(migrateToLatest(database)).rejects.toThrow(UnsafeRoleError);
      await expect(assertAppRoleSafe(database)).rejects.toThrow(/BYPASSRLS/);
      await sql.raw(`alter role ${role} nobypassrls superuser`).execute(database.db);
      await expect(assertAppRoleSafe(database)).rejects.toThrow(/superuser/);
      await sql.raw(`alter role ${role} nosuperuser`).execute(database.db);
      await expect(assertAppRoleSafe(database)).resolves.toBeUndefined();
    } finally {
      await sql.raw(`drop owned by ${role}; drop role if exists ${role}`).execute(database.db).catch(() => undefined);
      await database.close();
    }
  });

  it('creates a runtime role that is neither superuser nor BYPASSRLS', async () => {
    const database = await emptyDatabase();
    try {
      await migrateToLatest(database);
      const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
        select rolsuper, rolbypassrls from pg_roles where rolname = 'kp_app'
      `.execute(database.db);
      expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    } finally {
      await database.close();
    }
  });
});
