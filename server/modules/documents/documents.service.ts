// Invoices and documents of the selected customer account: the list (newest first, filters by type
// and year, unread marker), the new-documents notice for the start page and the download, which
// marks a document read and is audited.
import { localDate } from '../../clock.ts';
import {
  documentFilePath,
  ZDocumentKind,
  ZInvoiceKind,
  type TDocument,
  type TDocumentKind,
  type TDocumentList,
  type TDocumentQuery,
  type TDocumentType,
  type TDocumentTypeLabel,
  type TNewDocuments,
} from '../../../api/documents.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { yearOf } from '../contracts/calendar.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import * as repo from './documents.repository.ts';

const kindOrder: readonly TDocumentKind[] = ZDocumentKind.options;

/** A type code as customers see it; a code no longer in the settings (cannot happen: ADR 0026) shows as itself. */
function typeLabel(code: string | null, types: readonly TDocumentType[]): TDocumentTypeLabel | null {
  if (code === null) return null;
  const type = types.find((candidate) => candidate.code === code);
  return { code, label: type ? { de: type.label.de, ...(type.label.en ? { en: type.label.en } : {}) } : { de: code } };
}

function present(row: repo.DocumentRow, timeZone: string, types: readonly TDocumentType[]): TDocument {
  const invoice =
    row.invoiceNumber !== null &&
    row.invoiceKind !== null &&
    row.periodStart !== null &&
    row.periodEnd !== null &&
    row.grossCents !== null &&
    row.balanceCents !== null &&
    row.dueDate !== null
      ? {
          number: row.invoiceNumber,
          kind: ZInvoiceKind.parse(row.invoiceKind),
          periodStart: row.periodStart,
          periodEnd: row.periodEnd,
          grossCents: row.grossCents,
          balanceCents: row.balanceCents,
          dueDate: row.dueDate,
        }
      : null;
  return {
    id: row.id,
    kind: ZDocumentKind.parse(row.kind),
    title: row.title,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    date: row.invoiceDate ?? localDate(row.createdAt, timeZone),
    readAt: row.readAt?.toISOString() ?? null,
    invoice,
    type: typeLabel(row.typeCode, types),
    downloadPath: documentFilePath(row.id),
  };
}

/** The selected account's documents matching the filters, with the counts and filter choices. */
export async function listDocuments(database: Database, auth: AuthContext, query: TDocumentQuery): Promise<TDocumentList> {
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const { timeZone, documentTypes } = auth.tenant.config;
    const all = (await repo.listDocuments(trx, tenantId, customerId)).map((row) => present(row, timeZone, documentTypes));
    const years = [...new Set(all.map((d) => yearOf(d.date)))].sort((a, b) => b - a);
    const kinds = kindOrder.filter((kind) => all.some((d) => d.kind === kind));
    const used = new Set(all.map((d) => d.type?.code));
    const types = documentTypes.filter((type) => used.has(type.code)).flatMap((type) => typeLabel(type.code, documentTypes) ?? []);
    const documents = all.filter(
      (d) =>
        (query.kind === undefined || d.kind === query.kind) &&
        (query.type === undefined || d.type?.code === query.type) &&
        (query.year === undefined || yearOf(d.date) === query.year),
    );
    return { documents, total: all.length, unreadCount: all.filter((d) => d.readAt === null).length, years, kinds, types };
  });
}

/**
 * The start page's notice of new documents: how many are unread and the newest `limit` of them.
 * Runs in the caller's tenant transaction (the overview collects several of these in one).
 */
export async function newDocuments(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
  timeZone: string,
  limit = 3,
  types: readonly TDocumentType[] = [],
): Promise<TNewDocuments> {
  const unreadCount = await repo.countUnread(trx, tenantId, customerId);
  const documents = unreadCount === 0 ? [] : (await repo.listUnread(trx, tenantId, customerId, limit)).map((row) => present(row, timeZone, types));
  return { unreadCount, documents };
}

export async function getNewDocuments(database: Database, auth: AuthContext, limit: number): Promise<TNewDocuments> {
  return withTenant(database, auth.tenant.id, async (trx) =>
    newDocuments(trx, auth.tenant.id, await selectedCustomer(trx, auth), auth.tenant.config.timeZone, limit, auth.tenant.config.documentTypes),
  );
}

export type DownloadMeta = { requestId: string; now: Date };

/** A document's file; the first download marks it read. Every download is audited. 404 for others' ids. */
export async function downloadDocument(
  database: Database,
  auth: AuthContext,
  documentId: string,
  meta: DownloadMeta,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const file = await repo.findDocumentFile(trx, tenantId, customerId, documentId);
    if (!file) throw new AppError('not_found');
    if (file.readAt === null) await repo.markRead(trx, tenantId, customerId, file.id, meta.now);
    await recordAudit(trx, tenantId, {
      actorType: 'customer',
      actorId: auth.loginId,
      action: 'document.downloaded',
      targetType: 'document',
      targetId: file.id,
      requestId: meta.requestId,
      details: { customerId, kind: file.kind, firstRead: file.readAt === null },
    });
    return { fileName: file.fileName, contentType: file.contentType, content: file.content };
  });
}
