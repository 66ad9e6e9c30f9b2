// Opens the database: embedded PGlite in the data folder, or a PostgreSQL server via DATABASE_URL.
// Both are reached through the `pg` driver, so Kysely sees the same dialect and type parsing.
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { DB } from './schema.generated.ts';

// Dates (not timestamps) stay 'YYYY-MM-DD' strings; bigint counts become numbers when safe.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint value out of range: ${value}`);
  return n;
});

export type Engine = 'pglite' | 'postgres';

export type Database = {
  /** Connection as the owner role: migrations, tenant resolution, the outbox worker. */
  db: Kysely<DB>;
  engine: Engine;
  /** The role every request transaction switches to; subject to row-level security. */
  appRole: string;
  /**
   * Subscribes to NOTIFY on `channel` (see the change feed, ADR 0019). `onLost` is called when the
   * subscription broke and notifications may have been missed; subscribe again to go on.
   */
  listen(channel: string, onNotice: (payload: string) => void, onLost: (error: Error) => void): Promise<() => Promise<void>>;
  /** PGlite only: the data folder as a tarball (used to share one migrated template in tests). */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
};

export type TenantTransaction = Transaction<DB>;

export async function openDatabase(config: Pick<Config, 'database' | 'appRole'>): Promise<Database> {
  if (config.database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.database.url, max: config.database.poolSize });
    pool.on('error', () => {
      // Idle client errors (server restart) are reported on the next query.
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const url = config.database.url;
    return {
      db,
      engine: 'postgres',
      appRole: config.appRole,
      listen: (channel, onNotice, onLost) => listenOnServer(url, channel, onNotice, onLost),
      close: () => db.destroy(),
    };
  }
  const dir = config.database.dataDir;
  const release = dir ? lockDataDir(dir) : () => undefined;
  try {
    const template = config.database.template;
    const lite = dir ? await PGlite.create(dir) : await PGlite.create(template ? { loadDataDir: template } : {});
    // The config's poolSize of 1 is the pool's max: PGlite has exactly one connection.
    const pool = new pg.Pool(createPgConfig(lite));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      appRole: config.appRole,
      // One process owns the data folder: its notifications never get lost.
      listen: async (channel, onNotice) => lite.listen(channel, onNotice),
      dump: () => lite.dumpDataDir('none'),
      close: async () => {
        await db.destroy();
        await lite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** LISTEN on a connection of its own (a pooled one would be handed to other work). */
async function listenOnServer(url: string, channel: string, onNotice: (payload: string) => void, onLost: (error: Error) => void): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  let closing = false;
  const lost = (error: Error) => {
    if (closing) return;
    closing = true;
    client.end().catch(() => undefined);
    onLost(error);
  };
  client.on('notification', (message) => {
    if (message.channel === channel) onNotice(message.payload ?? '');
  });
  client.on('error', lost);
  client.on('end', () => lost(new Error('the notification connection ended')));
  await client.connect();
  try {
    await client.query(`listen ${client.escapeIdentifier(channel)}`);
  } catch (error) {
    closing = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return async () => {
    closing = true;
    await client.end();
  };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * Runs a tenant transaction and, when a concurrent request inserted the same unique row first
 * (double submit), runs it once more: the second run then finds that row.
 */
export async function withTenantRetryingDuplicates<T>(
  database: Database,
  tenantId: string,
  fn: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  try {
    return await withTenant(database, tenantId, fn);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return withTenant(database, tenantId, fn);
  }
}

/**
 * Runs fn in a transaction scoped to one tenant: the role is switched to the runtime role (no
 * superuser, no BYPASSRLS) and app.tenant_id is set for this transaction only, so row-level
 * security filters every row. Without this, policies see no tenant and return nothing.
 */
export async function withTenant<T>(
  database: Database,
  tenantId: string,
  fn: (trx: TenantTransaction) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${database.appRole}, true), set_config('app.tenant_id', ${tenantId}, true)`.execute(
      trx,
    );
    return fn(trx);
  });
}
