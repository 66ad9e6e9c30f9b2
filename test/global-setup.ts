// Migrates one template database per run; every test file starts from a copy of it.
// PGlite: the migrated data folder is dumped to a tarball. PostgreSQL (DATABASE_URL): a template
// database named after the migrations, reused across runs while the migrations are unchanged.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { migrations } from '../server/db/migrations/index.ts';
import { adminQuery, templateDatabaseName, templateTarball, withDatabase } from './db.ts';

function migrationsHash(): string {
  const dir = path.resolve(import.meta.dirname, '../server/db/migrations');
  const hash = createHash('sha256');
  for (const name of Object.keys(migrations).sort()) hash.update(name);
  for (const file of fs.readdirSync(dir).sort()) hash.update(fs.readFileSync(path.join(dir, file)));
  return hash.digest('hex').slice(0, 12);
}

export default async function setup(project: TestProject): Promise<void> {
  const hash = migrationsHash();
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = templateDatabaseName(hash);
    const exists = await adminQuery(url, `select 1 from pg_database where datname = $1`, [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_build_${process.pid}`;
      await adminQuery(url, `create database ${building}`);
      const database = await openDatabase({
        database: { kind: 'postgres', url: withDatabase(url, building), poolSize: 2 },
        appRole: 'kp_app',
      });
      await migrateToLatest(database);
      await database.close();
      await adminQuery(url, `alter database ${building} rename to ${name}`).catch(() => adminQuery(url, `drop database ${building}`));
    }
    project.provide('templateDatabase', name);
    return;
  }
  const file = templateTarball(hash);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({ database: { kind: 'pglite', dataDir: null }, appRole: 'kp_app' });
    await migrateToLatest(database);
    const dump = await database.dump?.();
    await database.close();
    if (!dump) throw new Error('PGlite dump unavailable');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${file}.${process.pid}`, file);
  }
  project.provide('templateTarball', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase?: string;
    templateTarball?: string;
  }
}
