// Command-line entry: `npm start` serves; `npm run cli -- <command>` for everything else.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { withTenant } from './db/database.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { UnsafeRoleError } from './db/migrate.ts';
import { AppError } from './errors.ts';
import { recordAudit } from './modules/audit/audit.repository.ts';
import { createInvitation } from './modules/identity/account.service.ts';
import { findCustomerByNumber } from './modules/identity/identity.repository.ts';
import { INTEGRATION_SCOPES } from '../api/integration.ts';
import { createClient, isIntegrationScope, listClients, revokeClient } from './modules/integration/clients.service.ts';
import { importIntervalsFile } from './modules/integration/interval-import.cli.ts';
import { importEntitiesFile, isEntityType } from './modules/integration/upsert.import.ts';
import { queueTestMail } from './modules/mail/mail.ts';
import { STAFF_ROLES, ZStaffRole } from '../api/staff.ts';
import { invite, listStaffOf, resetSecondFactor } from './modules/staff/staff.service.ts';
import { installationBaseUrl, tenantBaseUrl } from './public-url.ts';
import { inviteOperator, listOperators, resetOperatorFactor } from './modules/operator/operator.service.ts';
import { operatorInvitationPath } from './modules/operator/operator.routes.ts';
import { listJobs, retryJob } from './modules/outbox/outbox.repository.ts';
import { listDomains } from './modules/tenants/tenants.repository.ts';
import { getTenantBySlug, listAllTenants, parseTenantFile, upsertTenantFromFile, type Tenant } from './modules/tenants/tenants.service.ts';
import { housekeep, HousekeepingSchedule } from './modules/housekeeping/housekeeping.service.ts';
import { buildApp } from './app.ts';
import { createWorker, prepareDatabase, startServer, WorkerRoleError } from './server.ts';

const usage = `Usage: npm run cli -- <command>

  serve                              start the portal (what npm start runs)
  migrate                            apply database migrations and exit
  seed                               seed the demo utilities (demo mode) and exit
  worker                             run only the outbox worker and the hourly housekeeping (a separate process)
  housekeeping [--tenant <slug>]     delete expired sessions, links, tokens, old logs and audit records past
                                     retention now (otherwise hourly where the worker runs; docs/OPERATIONS.md)
  tenants list                       list tenants
  tenants create <file.json>         create a tenant from a JSON file (see docs/CONFIGURATION.md)
  tenants update <file.json>         update the tenant with the file's slug
  outbox list [--status dead]        show outbox jobs (pending, running, dead, done)
  outbox retry <tenant> <id>         put a dead job back in the queue
  mail test --tenant <slug> --to <address>   send a test mail through the configured transport
  staff invite --tenant <slug> --email <address> --name <name> [--role admin|clerk|read_only]
                                     invite a back-office member (a new utility's first admin); prints the link
  staff list --tenant <slug>         list the back-office members
  staff reset-factor --tenant <slug> --email <address>
                                     remove a member's authenticator (next sign-in sets up a new one)
  operator invite --email <address> --name <name> [--locale de|en]
                                     invite a platform operator (console at /betrieb); prints the link
  operator list                      list the platform operators
  operator reset-factor --email <address>
                                     remove an operator's authenticator (next sign-in sets up a new one)
  invite --tenant <slug> --email <address> --customer <number>
                                     mail an invitation link for a customer account
  import --tenant <slug> [--type intervals] [--format csv|json|mscons] <file>
                                     import 15-minute values (format from the file name or content)
  import --tenant <slug> --type <entity> [--format csv|json] <file>
                                     import the billing system's records like the integration API: customers,
                                     premises, tariffs, contracts, meters, readings, instalment-plans,
                                     transactions, invoices, documents (CSV with header row or {records: [...]})
  clients create --tenant <slug> --name <name> --scopes <scope,scope>
                                     create an integration API client (prints its secret once)
  clients list --tenant <slug>       list the tenant's integration clients
  clients revoke --tenant <slug> <client_id>   revoke a client and its tokens
`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function waitForSignal(stop: () => Promise<void>): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    console.log(`\n${signal} received, shutting down...`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function housekeepingCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { tenant: { type: 'string' } } });
  const database = await prepareDatabase({ ...config, demo: false }, console.log);
  try {
    let tenants: Tenant[] | undefined;
    if (values.tenant) {
      const tenant = await getTenantBySlug(database.db, values.tenant);
      if (!tenant) fail(`Unknown tenant ${values.tenant}`);
      tenants = [tenant];
    }
    for (const result of await housekeep(database, new Date(), { tenants })) {
      const parts = Object.entries(result.counts).filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${String(n)}`);
      console.log(`${result.tenant.padEnd(24)} ${parts.length > 0 ? `deleted: ${parts.join(', ')}` : 'nothing to delete'}`);
    }
  } finally {
    await database.close();
  }
}

async function tenantsCommand(config: Config, args: string[]): Promise<void> {
  const [sub, fileArg] = args;
  const database = await prepareDatabase({ ...config, demo: false }, console.log);
  try {
    if (sub === 'list') {
      for (const tenant of await listAllTenants(database.db)) {
        const domains = await listDomains(database.db, tenant.id);
        console.log(`${tenant.slug.padEnd(24)} ${tenant.config.displayName.padEnd(36)} ${tenant.config.country} ${domains.join(', ')}`);
      }
      return;
    }
    if ((sub === 'create' || sub === 'update') && fileArg) {
      const file = path.resolve(fileArg);
      const parsed = parseTenantFile(JSON.parse(fs.readFileSync(file, 'utf8')));
      const existing = await getTenantBySlug(database.db, parsed.slug);
      if (sub === 'create' && existing) fail(`Tenant ${parsed.slug} exists already; use "tenants update".`);
      if (sub === 'update' && !existing) fail(`Tenant ${parsed.slug} does not exist; use "tenants create".`);
      const { id } = await upsertTenantFromFile(database.db, parsed, path.dirname(file));
      await withTenant(database, id, (trx) =>
        recordAudit(trx, id, { actorType: 'operator', action: `tenant.${sub}d`, targetType: 'tenant', targetId: id }),
      );
      console.log(`Tenant ${parsed.slug} ${sub}d.`);
      return;
    }
    fail(usage);
  } finally {
    await database.close();
  }
}

async function outboxCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { status: { type: 'string' } }, allowPositionals: true });
  const database = await prepareDatabase({ ...config, demo: false }, console.log);
  try {
    if (positionals[0] === 'list') {
      const tenants = new Map((await listAllTenants(database.db)).map((t) => [t.id, t.slug]));
      for (const job of await listJobs(database.db, values.status ?? null, 200)) {
        console.log(
          `${String(tenants.get(job.tenantId)).padEnd(16)} #${String(job.id).padEnd(6)} ${job.topic.padEnd(12)} ${job.status.padEnd(8)} ` +
            `attempts=${job.attempts} next=${job.runAt.toISOString()}${job.lastError ? ` error=${job.lastError}` : ''}`,
        );
      }
      return;
    }
    if (positionals[0] === 'retry' && positionals[1] && positionals[2]) {
      const tenant = await getTenantBySlug(database.db, positionals[1]);
      if (!tenant) fail(`Unknown tenant ${positionals[1]}`);
      const ok = await retryJob(database.db, tenant.id, Number(positionals[2]));
      console.log(ok ? 'Job queued again.' : 'No dead job with that id.');
      return;
    }
    fail(usage);
  } finally {
    await database.close();
  }
}

async function clientsCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { tenant: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    allowPositionals: true,
  });
  const sub = positionals[0];
  if (!values.tenant || !['create', 'list', 'revoke'].includes(sub ?? '')) fail(usage);
  const database = await prepareDatabase({ ...config, demo: false }, console.log);
  try {
    const tenant = await getTenantBySlug(database.db, values.tenant);
    if (!tenant) fail(`Unknown tenant ${values.tenant}`);
    if (sub === 'create') {
      const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = scopes.filter((s) => !isIntegrationScope(s));
      if (!values.name || scopes.length === 0 || unknown.length > 0) {
        fail(`clients create needs --name and --scopes (comma-separated: ${INTEGRATION_SCOPES.join(', ')})${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
      }
      const name = values.name;
      const created = await withTenant(database, tenant.id, (trx) =>
        createClient(trx, tenant.id, { name, scopes: scopes.filter(isIntegrationScope), createdBy: 'cli', actorType: 'operator' }),
      );
      console.log(`client_id:     ${created.clientId}\nclient_secret: ${created.clientSecret}\nscopes:        ${created.scopes.join(' ')}`);
      console.log('The secret is shown only now; store it in the billing system.');
      return;
    }
    if (sub === 'list') {
      for (const client of await withTenant(database, tenant.id, (trx) => listClients(trx, tenant.id))) {
        const state = client.revokedAt ? `revoked ${client.revokedAt}` : `last used ${client.lastUsedAt ?? 'never'}`;
        console.log(`${client.clientId}  ${client.name.padEnd(30)} ${client.scopes.join(',').padEnd(40)} ${state}`);
      }
      return;
    }
    const target = positionals[1];
    if (!target) fail(usage);
    const revoked = await withTenant(database, tenant.id, (trx) => revokeClient(trx, tenant.id, target, { revokedBy: 'cli', actorType: 'operator' }));
    console.log(`Client ${revoked.clientId} revoked at ${revoked.revokedAt ?? ''}.`);
  } finally {
    await database.close();
  }
}

async function staffCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { tenant: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, locale: { type: 'string' } },
    allowPositionals: true,
  });
  const sub = positionals[0];
  if (!values.tenant || !['invite', 'list', 'reset-factor'].includes(sub ?? '')) fail(usage);
  const database = await prepareDatabase({ ...config, demo: false }, console.log);
  try {
    const tenant = await getTenantBySlug(database.db, values.tenant);
    if (!tenant) fail(`Unknown tenant ${values.tenant}`);
    if (sub === 'list') {
      for (const member of await listStaffOf(database, tenant)) {
        console.log(`${member.email.padEnd(40)} ${member.name.padEnd(30)} ${member.role.padEnd(10)} ${member.status.padEnd(8)} 2FA=${member.secondFactor ? 'on' : 'off'}`);
      }
      return;
    }
    const email = values.email?.trim().toLowerCase();
    if (!email) fail(usage);
    if (sub === 'reset-factor') {
      let done = true;
      try {
        await resetSecondFactor(database, tenant, { email }, { actorType: 'operator', actorId: null }, { requestId: 'cli' });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'not_found')) throw error;
        done = false;
      }
      console.log(done ? `The authenticator of ${email} is removed; the next sign-in sets up a new one.` : `No staff member ${email}.`);
      return;
    }
    const role = ZStaffRole.safeParse(values.role ?? 'admin');
    if (!role.success || !values.name) fail(`staff invite needs --email, --name and --role (${STAFF_ROLES.join(', ')})`);
    const { token } = await invite(
      database,
      tenant,
      { email, name: values.name, role: role.data, locale: values.locale === 'en' ? 'en' : 'de' },
      { staffId: null, name: 'Betrieb', actorType: 'operator' },
      { now: new Date(), requestId: 'cli', locale: 'de' },
    );
    console.log(`Invitation mailed to ${email}. Link (valid 72 h, once): ${tenantBaseUrl(config, { slug: tenant.slug })}/backoffice/einladung#${token}`);
  } finally {
    await database.close();
  }
}

/** `operator invite|list|reset-factor`: the installation's platform operators (ADR 0025), audited as CLI. */
async function operatorCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' } },
    allowPositionals: true,
  });
  const sub = positionals[0];
  if (!['invite', 'list', 'reset-factor'].includes(sub ?? '')) fail(usage);
  const database = await prepareDatabase({ ...config, demo: false }, console.log);
  try {
    if (sub === 'list') {
      for (const operator of await listOperators(database)) {
        console.log(`${operator.email.padEnd(40)} ${operator.name.padEnd(30)} ${operator.status.padEnd(8)} 2FA=${operator.secondFactor ? 'on' : 'off'}`);
      }
      return;
    }
    const email = values.email?.trim().toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) fail(usage);
    if (sub === 'reset-factor') {
      const done = await resetOperatorFactor(database, email, { requestId: 'cli' });
      console.log(done ? `The authenticator of ${email} is removed; the next sign-in sets up a new one.` : `No operator ${email}.`);
      if (!done) process.exitCode = 1;
      return;
    }
    const name = values.name?.trim();
    if (!name) fail('operator invite needs --email and --name');
    const { token } = await inviteOperator(database, { email, name, locale: values.locale === 'en' ? 'en' : 'de' }, { operatorId: null }, { now: new Date(), requestId: 'cli', locale: 'en' });
    console.log(`Operator ${email} invited. Hand over this link (valid 72 h, once): ${installationBaseUrl(config)}${operatorInvitationPath(token)}`);
  } finally {
    await database.close();
  }
}

/** `import --tenant <slug> --type <type> <file>`: one function per type. */
async function importCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { tenant: { type: 'string' }, type: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!values.tenant || !file || positionals.length > 1) fail(usage);
  const database = await prepareDatabase({ ...config, demo: false }, console.error);
  try {
    const tenant = await getTenantBySlug(database.db, values.tenant);
    if (!tenant) fail(`Unknown tenant ${values.tenant}`);
    const io = { out: (line: string) => console.log(line), err: process.stderr };
    switch (values.type ?? 'intervals') {
      case 'intervals':
        process.exitCode = await importIntervalsFile(database, tenant, file, values.format, io);
        return;
      default:
        if (values.type && isEntityType(values.type)) {
          process.exitCode = await importEntitiesFile(database, tenant, values.type, file, values.format, io);
          return;
        }
        fail(`Unknown import type "${values.type ?? ''}".\n\n${usage}`);
    }
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const [command = 'serve', ...rest] = process.argv.slice(2);
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const { stop } = await startServer(config);
      waitForSignal(stop);
      return;
    }
    case 'migrate': {
      const database = await prepareDatabase({ ...config, demo: false }, console.log);
      await database.close();
      console.log('Database is up to date.');
      return;
    }
    case 'seed': {
      if (!config.demo) fail('Demo data is only seeded in demo mode (not with NODE_ENV=production).');
      const database = await prepareDatabase(config, console.log);
      await database.close();
      return;
    }
    case 'worker': {
      const database = await prepareDatabase({ ...config, demo: false }, console.log);
      const app = await buildApp({ config, database, caches: false });
      const worker = createWorker(config, database, app);
      const housekeeping = new HousekeepingSchedule(database, app.log);
      worker.start();
      housekeeping.start();
      console.log('Outbox worker (and hourly housekeeping) running. Press Ctrl-C to stop.');
      waitForSignal(async () => {
        await housekeeping.stop();
        await worker.stop();
        await database.close();
      });
      return;
    }
    case 'tenants':
      return tenantsCommand(config, rest);
    case 'housekeeping':
      return housekeepingCommand(config, rest);
    case 'outbox':
      return outboxCommand(config, rest);
    case 'import':
      return importCommand(config, rest);
    case 'clients':
      return clientsCommand(config, rest);
    case 'staff':
      return staffCommand(config, rest);
    case 'operator':
      return operatorCommand(config, rest);
    case 'mail': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { tenant: { type: 'string' }, to: { type: 'string' } },
        allowPositionals: true,
      });
      if (positionals[0] !== 'test' || !values.tenant || !values.to) fail(usage);
      const database = await prepareDatabase({ ...config, demo: false }, console.log);
      try {
        await queueTestMail(database, values.tenant, values.to, 'cli');
        const app = await buildApp({ config: { ...config, logLevel: 'warn' }, database, caches: false });
        await createWorker(config, database, app).runOnce();
        console.log(config.smtpUrl ? `Test mail sent to ${values.to}.` : `Test mail delivered to the dev mailbox (/dev/mailbox).`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'invite': {
      const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' }, email: { type: 'string' }, customer: { type: 'string' } } });
      if (!values.tenant || !values.email || !values.customer) fail(usage);
      const database = await prepareDatabase({ ...config, demo: false }, console.log);
      try {
        const tenant = await getTenantBySlug(database.db, values.tenant);
        if (!tenant) fail(`Unknown tenant ${values.tenant}`);
        const email = values.email.trim().toLowerCase();
        const customerNumber = values.customer;
        await withTenant(database, tenant.id, async (trx) => {
          const customer = await findCustomerByNumber(trx, tenant.id, customerNumber);
          if (!customer) fail(`No customer ${customerNumber} at ${tenant.slug}`);
          await createInvitation(trx, tenant, { email, customerId: customer.id, locale: tenant.config.defaultLocale, invitedBy: 'cli', now: new Date() });
        });
        const app = await buildApp({ config: { ...config, logLevel: 'warn' }, database, caches: false });
        await createWorker(config, database, app).runOnce();
        console.log(`Invitation sent to ${email}.`);
      } finally {
        await database.close();
      }
      return;
    }
    case 'help':
    case '--help':
      console.log(usage);
      return;
    default:
      fail(`Unknown command "${command}".\n\n${usage}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof UnsafeRoleError || error instanceof WorkerRoleError) {
    fail(error.message);
  }
  if (error instanceof AppError) fail(`${error.code}: ${error.detail ?? error.message}`);
  console.error(error);
  process.exit(1);
});
