// "Meine Daten" (GDPR Art. 15/20, SECURITY.md GDPR-01): everything stored about the login and its
// linked customer accounts as a ZIP of JSON and CSV files. Needs a recent password confirmation, at
// most one export per minute and login; audited, and the login is told by mail.
import { localDate } from '../../clock.ts';
import type { Readable } from 'node:stream';
import { EXPORT_INTERVAL_SECONDS, exportFileName, type TPersonalDataSummary } from '../../../api/my-data.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { requireRecentAuthentication } from '../identity/account.service.ts';
import { readThrottle, writeThrottle } from '../identity/identity.repository.ts';
import { formatDateTime, type RequestMeta } from '../identity/identity.service.ts';
import type { AuthContext } from '../identity/sessions.ts';
import { enqueueMail } from '../mail/mail.ts';
import * as repo from './my-data.repository.ts';
import { readme } from './readme.ts';
import { customerSections, documentPaths, loginSections, type CustomerContext, type ExportContext, type LoginContext } from './sections.ts';
import { zipStream, zipTime, type ExportEntry } from './zip.ts';

/** Where the page is (the notice mail links to it). */
export const MY_DATA_PATH = '/meine-daten';

function throttleKey(loginId: string): string {
  return `personal-data-export:login:${loginId}`;
}

/** The last export of the login and the accounts an export would contain. */
export async function getSummary(database: Database, auth: AuthContext): Promise<TPersonalDataSummary> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const last = await repo.lastExportAt(trx, auth.tenant.id, auth.loginId);
    const customers = await repo.listLinkedCustomers(trx, auth.tenant.id, auth.loginId);
    return { lastExportAt: last ? last.toISOString() : null, customerNumbers: customers.map((c) => c.customerNumber) };
  });
}

/** Refuses a second export within EXPORT_INTERVAL_SECONDS (429 with Retry-After), else starts the interval. */
async function claimExportSlot(trx: TenantTransaction, tenantId: string, loginId: string, now: Date): Promise<void> {
  const key = throttleKey(loginId);
  const row = await readThrottle(trx, tenantId, key);
  if (row?.blockedUntil && row.blockedUntil > now) {
    throw new AppError('rate_limited', { retryAfterSeconds: Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000) });
  }
  await writeThrottle(trx, tenantId, key, { failures: 0, windowStartedAt: now, blockedUntil: new Date(now.getTime() + EXPORT_INTERVAL_SECONDS * 1000) });
}

async function collectCustomer(trx: TenantTransaction, base: ExportContext, customer: repo.CustomerRow, folder: string): Promise<ExportEntry[]> {
  let registers: Promise<Map<string, repo.RegisterRow>> | undefined;
  let paths: Promise<Map<string, string>> | undefined;
  const ctx: CustomerContext = {
    ...base,
    customer,
    folder,
    registers: (reader) => (registers ??= repo.listRegisters(reader, base.tenant.id, customer.id).then((rows) => new Map(rows.map((r) => [r.registerId, r])))),
    documentPaths: (reader) => (paths ??= repo.listDocuments(reader, base.tenant.id, customer.id).then((rows) => documentPaths(rows, base.tenant.config.timeZone))),
  };
  const entries: ExportEntry[] = [];
  for (const section of customerSections) entries.push(...(await section.collect(trx, ctx)));
  return entries;
}

/**
 * Collects the export in one transaction (a consistent picture; the login row is locked so two
 * exports of one login wait for each other), records it and queues the notice mail; the archive is
 * then written while it streams, reading large files (PDFs, attachments, 15-minute values) on the way.
 */
export async function exportPersonalData(database: Database, auth: AuthContext, meta: RequestMeta): Promise<{ fileName: string; stream: Readable }> {
  requireRecentAuthentication(auth, meta.now);
  const { tenant } = auth;
  const base: ExportContext = {
    tenant,
    loginId: auth.loginId,
    sessionId: auth.sessionId,
    format: { locale: meta.locale, timeZone: tenant.config.timeZone },
    now: meta.now,
    read: (fn) => withTenant(database, tenant.id, fn),
  };
  const entries = await withTenant(database, tenant.id, async (trx) => {
    const login = await repo.lockLogin(trx, tenant.id, auth.loginId);
    if (!login) throw new AppError('unauthenticated');
    await claimExportSlot(trx, tenant.id, login.id, meta.now);
    const customers = await repo.listLinkedCustomers(trx, tenant.id, login.id);
    const folderOf = (customer: repo.CustomerRow) => `customer-${customer.customerNumber.replace(/[^A-Za-z0-9._-]/g, '_')}/`;
    const loginContext: LoginContext = { ...base, login, customers, folderOf };
    const files: ExportEntry[] = [
      {
        path: 'README.txt',
        content: () =>
          readme({ tenant, email: login.email, now: meta.now, folders: customers.map((c) => ({ customerNumber: c.customerNumber, folder: folderOf(c) })), loginSections, customerSections }),
      },
    ];
    for (const section of loginSections) files.push(...(await section.collect(trx, loginContext)));
    for (const customer of customers) files.push(...(await collectCustomer(trx, base, customer, folderOf(customer))));

    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      actorId: login.id,
      action: repo.EXPORT_ACTION,
      targetType: 'login',
      targetId: login.id,
      requestId: meta.requestId,
      details: { customerNumbers: customers.map((c) => c.customerNumber), files: files.length },
    });
    const locale = login.locale === 'en' ? 'en' : 'de';
    await enqueueMail(
      trx,
      tenant.id,
      { to: login.email, locale, template: 'personal_data_exported', data: { at: formatDateTime(meta.now, tenant, locale), path: MY_DATA_PATH } },
      `personal-data-exported:${login.id}:${String(meta.now.getTime())}`,
    );
    return files;
  });
  return { fileName: exportFileName(localDate(meta.now, tenant.config.timeZone)), stream: zipStream(entries, zipTime(meta.now, tenant.config.timeZone)) };
}
