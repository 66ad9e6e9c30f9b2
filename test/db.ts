// Test databases: a copy of the migrated template per test file (see global-setup.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../server/db/database.ts';

export function templateDatabaseName(hash: string): string {
  return `kp_template_${hash}`;
}

export function templateTarball(hash: string): string {
  return path.resolve(import.meta.dirname, `../node_modules/.cache/kundenportal/pglite-template-${hash}.tar`);
}

export async function adminQuery(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function isPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

/** A fresh, migrated database for one test file; close() drops it. */
export async function createTestDatabase(options: { appRole?: string } = {}): Promise<Database & { url?: string }> {
  const appRole = options.appRole ?? 'kp_app';
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = inject('templateDatabase');
    if (!template) throw new Error('template database missing (global setup)');
    const name = `kp_test_${randomBytes(6).toString('hex')}`;
    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template.
    for (let attempt = 0; ; attempt++) {
      try {
        await adminQuery(url, `create database ${name} template ${template}`);
        break;
      } catch (error) {
        if (attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
    const dbUrl = withDatabase(url, name);
    const database = await openDatabase({ database: { kind: 'postgres', url: dbUrl, poolSize: 4 }, appRole });
    return {
      ...database,
      url: dbUrl,
      close: async () => {
        await database.close();
        await adminQuery(url, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const tarball = inject('templateTarball');
  if (!tarball) throw new Error('template tarball missing (global setup)');
  const template = new Blob([fs.readFileSync(tarball)]);
  return openDatabase({ database: { kind: 'pglite', dataDir: null, template }, appRole });
}
