// Starting and stopping the whole server: database, migrations, demo data, HTTP, outbox worker.
import { localDate } from './clock.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoAccounts, seedDemo } from './demo/seed.ts';
import { createMailHandler, MAIL_TOPIC } from './modules/mail/mail.ts';
import { createWebhookHandler, WEBHOOK_TOPIC } from './modules/integration/webhooks.service.ts';
import { OutboxWorker } from './modules/outbox/outbox.worker.ts';
import { tenantBaseUrl } from './public-url.ts';
import { resolveSecretsKey } from './secrets-key.ts';
import { HousekeepingSchedule } from './modules/housekeeping/housekeeping.service.ts';

export class WorkerRoleError extends Error {}

/** The outbox worker reads due jobs of all tenants; the connection role must be able to. */
async function assertOwnerCanReadAllTenants(database: Database): Promise<void> {
  const { rows } = await sql<{ ok: boolean }>`
    select rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user
  `.execute(database.db);
  if (!rows[0]?.ok) {
    throw new WorkerRoleError(
      'The database connection role (DATABASE_URL) must be the owner role with BYPASSRLS: it runs migrations ' +
        'and the outbox worker across tenants. Requests switch to the runtime role (DB_APP_ROLE) with row-level security. ' +
        'See docs/OPERATIONS.md.',
    );
  }
}

export async function prepareDatabase(config: Config, log: (message: string) => void): Promise<Database> {
  const database = await openDatabase(config);
  try {
    const results = await migrateToLatest(database);
    if (results.length > 0) log(`Applied ${results.length} migration(s).`);
    await assertOwnerCanReadAllTenants(database);
    if (config.demo) {
      const started = Date.now();
      const { seeded } = await seedDemo(database, { today: localDate(new Date(), 'Europe/Berlin'), secretsKey: resolveSecretsKey(config) });
      if (seeded) log(`Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function createWorker(config: Config, database: Database, app: FastifyInstance): OutboxWorker {
  const webhooks = createWebhookHandler(database, { secretsKey: resolveSecretsKey(config), production: config.env === 'production' });
  return new OutboxWorker(database, { [MAIL_TOPIC]: createMailHandler(config, database), [WEBHOOK_TOPIC]: webhooks }, app.log, {
    pollMs: config.outboxPollMs,
  });
}

async function banner(config: Config, database: Database, address: string): Promise<string> {
  const lines = ['', `Kundenportal is running on ${address}`];
  const root = config.baseDomain ? `${config.publicScheme}://${config.baseDomain}` : `http://localhost:${config.port}`;
  lines.push(`  API docs:     ${root}/api/docs`, `  Health:       ${root}/healthz`);
  if (config.env !== 'production') lines.push(`  Dev mailbox:  ${root}/dev/mailbox`);
  if (config.demo) {
    lines.push(`  Demo logins:  ${root}/dev/demo-accounts.json`, `  Choose utility: ${root}/`, '');
    const accounts = await demoAccounts(database, (slug) => tenantBaseUrl(config, { slug }));
    for (const tenant of accounts.tenants) {
      lines.push(`  ${tenant.displayName}: ${tenant.url}/`);
      for (const login of tenant.logins.slice(0, 3)) lines.push(`    ${login.email} / ${login.password}  (${login.note})`);
      const staff = tenant.staff.find((member) => member.role === 'clerk') ?? tenant.staff[0];
      if (staff) lines.push(`    back office ${tenant.url}/backoffice: ${staff.email} / ${staff.password} + authenticator code (demo-accounts.json)`);
    }
    const operator = accounts.operators[0];
    if (operator) lines.push('', `  Operator console: ${root}/betrieb  ${operator.email} / ${operator.password} + authenticator code (demo-accounts.json)`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

export async function startServer(config: Config): Promise<{ app: FastifyInstance; stop: () => Promise<void> }> {
  const database = await prepareDatabase(config, (message) => console.log(message));
  let shuttingDown = false;
  const app = await buildApp({
    config,
    database,
    isShuttingDown: () => shuttingDown,
    demoAccounts: () => demoAccounts(database, (slug) => tenantBaseUrl(config, { slug })),
  });
  const worker = createWorker(config, database, app);
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') worker.wake();
    done();
  });
  // Housekeeping runs where the outbox worker runs (ADR 0028).
  const housekeeping = new HousekeepingSchedule(database, app.log);
  if (config.worker === 'embedded') {
    worker.start();
    housekeeping.start();
  }
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await housekeeping.stop();
    await worker.stop();
    await database.close();
    throw error;
  }
  console.log(await banner(config, database, address));

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      shuttingDown = true;
      await app.close(); // stops accepting, lets in-flight requests finish
      await housekeeping.stop();
      await worker.stop();
      await database.close();
    })();
    return stopping;
  };
  return { app, stop };
}
