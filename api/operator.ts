// Platform operators (ADR 0025): the installation's console at /betrieb on the installation host,
// across tenants. Sign-in like the back office (password, then always an authenticator code).
// Shared by server (validation, OpenAPI) and web.
import { z } from 'zod';
import { ZEmail, ZPassword } from './identity.ts';
import { ZStaffListItem, ZStaffRole, ZStaffStatus, ZStaffLoginStep, ZStaffTotpSetup } from './staff.ts';
import { ZLocale, ZModule } from './tenant.ts';

export const ZOperatorLoginRequest = z.strictObject({ email: ZEmail, password: ZPassword });
export const ZOperatorLoginStep = ZStaffLoginStep;
export type TOperatorLoginStep = z.infer<typeof ZOperatorLoginStep>;
export const ZOperatorTotpRequest = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/) });
export const ZOperatorTotpSetup = ZStaffTotpSetup;

export const ZOperatorMe = z.object({ id: z.uuid(), name: z.string(), email: z.string(), locale: ZLocale });

export const ZOperatorSession = z.object({
  operator: ZOperatorMe,
  idleExpiresAt: z.iso.datetime(),
  absoluteExpiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int(),
});
export type TOperatorSession = z.infer<typeof ZOperatorSession>;

export const ZOperatorInvitationInfo = z.object({ email: z.string(), name: z.string() });

export const ZOperatorAcceptInvitation = z.strictObject({
  token: z.string().min(20).max(200),
  password: ZPassword,
  passwordRepeat: ZPassword,
});

/** An operator in the team list. */
export const ZOperatorListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  status: ZStaffStatus,
  secondFactor: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TOperatorListItem = z.infer<typeof ZOperatorListItem>;

export const ZOperatorInvite = z.strictObject({
  email: ZEmail,
  name: z.string().trim().min(1).max(200),
  locale: ZLocale.default('de'),
});

export const ZOperatorUpdate = z.strictObject({ status: z.enum(['active', 'locked']) });

/** The latest import run of a tenant (15-minute values). */
export const ZImportRunSummary = z.object({
  startedAt: z.iso.datetime(),
  status: z.enum(['running', 'succeeded', 'failed']),
  source: z.string(),
  errorCount: z.number().int(),
});

/** One tenant in the overview of all tenants. */
export const ZTenantOverview = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  country: z.enum(['DE', 'AT']),
  modules: z.array(ZModule),
  customers: z.number().int(),
  activeLogins: z.number().int(),
  staff: z.number().int(),
  openRequests: z.number().int(),
  lastImport: ZImportRunSummary.nullable(),
  /** Outbox jobs waiting or being delivered. */
  outboxBacklog: z.number().int(),
  /** Outbox jobs that failed for good (dead); they can be retried. */
  outboxFailed: z.number().int(),
});
export type TTenantOverview = z.infer<typeof ZTenantOverview>;

export const ZTenantStaffInvite = z.strictObject({
  email: ZEmail,
  name: z.string().trim().min(1).max(200),
  role: ZStaffRole,
  locale: ZLocale.default('de'),
});

export const ZTenantStaff = z.object({ tenant: z.object({ slug: z.string(), name: z.string() }), staff: z.array(ZStaffListItem) });
export type TTenantStaff = z.infer<typeof ZTenantStaff>;

/** A failed outbox message (dead after its last attempt). Payloads are not shown: they hold personal data. */
export const ZFailedMessage = z.object({
  tenantSlug: z.string(),
  tenantName: z.string(),
  id: z.number().int(),
  topic: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TFailedMessage = z.infer<typeof ZFailedMessage>;
