// Back office: the work queue of customer requests, the customer view and the dashboard.
// Shared by server (validation, OpenAPI) and web.
import { z } from 'zod';
import { ZRequestDetail, ZRequestKind, ZRequestStatus } from './requests.ts';

export const ZQueueFilter = z.enum(['open', 'received', 'in_progress', 'done', 'rejected', 'all']);
export type TQueueFilter = z.infer<typeof ZQueueFilter>;

/**
 * What the queue holds: the customer requests' kinds, registrations needing review (ADR 0027) and
 * grid customers' GP-Nr requests (answered by letter, ADR 0024).
 */
export const ZQueueKind = z.enum([...ZRequestKind.options, 'registration', 'gp_number']);
export type TQueueKind = z.infer<typeof ZQueueKind>;

export const ZQueueQuery = z.strictObject({
  status: ZQueueFilter.default('open'),
  kind: ZQueueKind.optional(),
  /** 'me', 'none' or a staff member's id. */
  assigned: z.union([z.enum(['me', 'none']), z.uuid()]).optional(),
  /** Reference (A-2026-000123), customer number or name. */
  q: z.string().trim().max(100).optional(),
  /** Only requests at least this many days old. */
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
  /** Only requests younger than this many days. */
  maxAgeDays: z.coerce.number().int().min(1).max(3650).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TQueueQuery = z.infer<typeof ZQueueQuery>;

const ZStaffRef = z.object({ id: z.uuid(), name: z.string() });

export const ZQueueItem = z.object({
  id: z.uuid(),
  /** A-2026-000123; null for GP-Nr requests (they have none). */
  reference: z.string().nullable(),
  kind: ZQueueKind,
  subject: z.string(),
  /** GP-Nr requests: open is received, letter sent is done. */
  status: ZRequestStatus,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Whole days since the request came in. */
  ageDays: z.number().int(),
  /** The customer account; null for registrations not yet assigned and GP-Nr requests. */
  customer: z.object({ id: z.uuid(), customerNumber: z.string(), name: z.string() }).nullable(),
  /** The name the person gave (registrations, GP-Nr requests); null for customer requests. */
  person: z.string().nullable(),
  assignee: ZStaffRef.nullable(),
  notes: z.number().int(),
});
export type TQueueItem = z.infer<typeof ZQueueItem>;

export const ZQueuePage = z.object({ total: z.number().int(), items: z.array(ZQueueItem) });
export type TQueuePage = z.infer<typeof ZQueuePage>;

export const ZRequestNote = z.object({ id: z.uuid(), text: z.string(), author: z.string().nullable(), at: z.iso.datetime() });
export type TRequestNote = z.infer<typeof ZRequestNote>;

export const ZStaffRequestDetail = ZRequestDetail.extend({
  customer: z.object({ id: z.uuid(), customerNumber: z.string(), name: z.string() }),
  assignee: ZStaffRef.nullable(),
  notes: z.array(ZRequestNote),
  /** The statuses this request may change to now (done and rejected are final). */
  nextStatuses: z.array(ZRequestStatus),
});
export type TStaffRequestDetail = z.infer<typeof ZStaffRequestDetail>;

export const ZStatusChange = z.strictObject({
  status: ZRequestStatus.exclude(['received']),
  /** Required for a rejection (the customer reads it); otherwise an optional note to the customer. */
  reason: z.string().max(5000).nullable().optional(),
});

export const ZAssign = z.strictObject({ staffId: z.uuid().nullable() });

export const NOTE_MAX = 4000;
export const ZNoteInput = z.strictObject({ text: z.string().max(20_000) });

// --- customer view -------------------------------------------------------------------------------

export const ZCustomerSearch = z.strictObject({ q: z.string().trim().min(2).max(100) });

export const ZCustomerHit = z.object({
  id: z.uuid(),
  customerNumber: z.string(),
  name: z.string(),
  address: z.string(),
  logins: z.number().int(),
});
export type TCustomerHit = z.infer<typeof ZCustomerHit>;

export const ZLoginStatus = z.enum(['pending', 'active', 'locked']);

export const ZCustomerLogin = z.object({
  id: z.uuid(),
  email: z.string(),
  status: ZLoginStatus,
  registrationMethod: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastLoginAt: z.iso.datetime().nullable(),
  secondFactor: z.boolean(),
  activeSessions: z.number().int(),
});
export type TCustomerLogin = z.infer<typeof ZCustomerLogin>;

export const ZCustomerView = z.object({
  id: z.uuid(),
  customerNumber: z.string(),
  name: z.string(),
  kind: z.string(),
  address: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  logins: z.array(ZCustomerLogin),
  premises: z.array(
    z.object({
      id: z.uuid(),
      address: z.string(),
      maloId: z.string().nullable(),
      meters: z.array(
        z.object({
          id: z.uuid(),
          meterNumber: z.string(),
          division: z.string(),
          kind: z.string(),
          installedOn: z.iso.date(),
          removedOn: z.iso.date().nullable(),
          registers: z.array(
            z.object({
              obis: z.string(),
              label: z.string().nullable(),
              unit: z.string(),
              readings: z.array(z.object({ readOn: z.iso.date(), value: z.string(), source: z.string(), status: z.string() })),
            }),
          ),
        }),
      ),
    }),
  ),
  contracts: z.array(
    z.object({ contractNumber: z.string(), division: z.string(), tariff: z.string(), startDate: z.iso.date(), endDate: z.iso.date().nullable(), instalmentCents: z.number().int().nullable() }),
  ),
  invoices: z.array(
    z.object({ id: z.uuid(), invoiceNumber: z.string(), kind: z.string(), invoiceDate: z.iso.date(), grossCents: z.number().int(), balanceCents: z.number().int(), dueDate: z.iso.date() }),
  ),
  requests: z.array(z.object({ id: z.uuid(), reference: z.string(), kind: ZRequestKind, subject: z.string(), status: ZRequestStatus, createdAt: z.iso.datetime() })),
});
export type TCustomerView = z.infer<typeof ZCustomerView>;

export const ZLoginAction = z.enum(['lock', 'unlock', 'end_sessions', 'resend_activation']);

// --- integration (admins) ------------------------------------------------------------------------

export const ZImportRun = z.object({
  id: z.uuid(),
  kind: z.string(),
  source: z.string(),
  format: z.string(),
  fileName: z.string().nullable(),
  actor: z.string().nullable(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  status: z.string(),
  records: z.number().int(),
  series: z.number().int(),
  values: z.number().int(),
  days: z.number().int(),
  errorCount: z.number().int(),
  /** The first errors with their position, in the staff member's language. */
  errors: z.array(z.object({ position: z.string(), message: z.string() })),
});
export type TImportRun = z.infer<typeof ZImportRun>;

// --- dashboard -----------------------------------------------------------------------------------

export const ZDashboard = z.object({
  registrations: z.object({ last7Days: z.number().int(), last30Days: z.number().int(), pendingActivation: z.number().int() }),
  openRequests: z.object({
    total: z.number().int(),
    /** Open requests by age: under 2 days, 2 to 7 days, older. */
    byAge: z.object({ under2Days: z.number().int(), days2to7: z.number().int(), over7Days: z.number().int() }),
    byKind: z.array(z.object({ kind: ZRequestKind, count: z.number().int() })),
    unassigned: z.number().int(),
  }),
  readings: z.object({ last7Days: z.number().int(), last30Days: z.number().int(), pendingReview: z.number().int() }),
  gpRequestsPending: z.number().int(),
  /** The latest import runs (API and command line) with counts and errors. */
  recentImports: z.array(ZImportRun),
});
export type TDashboard = z.infer<typeof ZDashboard>;

