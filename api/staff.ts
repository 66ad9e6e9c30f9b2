// Back-office staff: sign-in with password and authenticator code, invitation, the staff list.
// Shared by server (validation, OpenAPI) and web.
import { z } from 'zod';
import { ZEmail, ZPassword } from './identity.ts';
import { ZLocale } from './tenant.ts';

export const STAFF_ROLES = ['admin', 'clerk', 'read_only'] as const;
export const ZStaffRole = z.enum(STAFF_ROLES);
export type TStaffRole = z.infer<typeof ZStaffRole>;

export const ZStaffStatus = z.enum(['invited', 'active', 'locked']);
export type TStaffStatus = z.infer<typeof ZStaffStatus>;

/**
 * What a role may do. read_only: look (queues, customers, dashboard, logs); clerk: also work
 * requests and customers' logins; admin: also staff, settings and integration clients.
 */
export const STAFF_PERMISSIONS = {
  read: ['admin', 'clerk', 'read_only'],
  work: ['admin', 'clerk'],
  admin: ['admin'],
} as const satisfies Record<string, readonly TStaffRole[]>;
export type TStaffPermission = keyof typeof STAFF_PERMISSIONS;

export function mayStaff(role: TStaffRole, permission: TStaffPermission): boolean {
  return (STAFF_PERMISSIONS[permission] as readonly TStaffRole[]).includes(role);
}

const ZTotpCode = z.string().trim().regex(/^\d{6}$/);

export const ZStaffLoginRequest = z.strictObject({ email: ZEmail, password: ZPassword });

/** After the password: either the code of the authenticator app, or setting one up first. */
export const ZStaffLoginStep = z.object({
  next: z.enum(['totp', 'enrol_totp']),
  expiresAt: z.iso.datetime(),
});
export type TStaffLoginStep = z.infer<typeof ZStaffLoginStep>;

export const ZStaffTotpRequest = z.strictObject({ code: ZTotpCode });

export const ZStaffTotpSetup = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as a QR code (SVG markup). */
  qrSvg: z.string(),
});
export type TStaffTotpSetup = z.infer<typeof ZStaffTotpSetup>;

export const ZStaffMe = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: ZStaffRole,
  locale: ZLocale,
});

export const ZStaffSession = z.object({
  staff: ZStaffMe,
  idleExpiresAt: z.iso.datetime(),
  absoluteExpiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int(),
});
export type TStaffSession = z.infer<typeof ZStaffSession>;

export const ZStaffInvitationInfo = z.object({ email: z.string(), name: z.string(), tenantName: z.string() });

export const ZStaffAcceptInvitation = z.strictObject({
  token: z.string().min(20).max(200),
  password: ZPassword,
  passwordRepeat: ZPassword,
});

export const ZStaffListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: ZStaffRole,
  status: ZStaffStatus,
  secondFactor: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TStaffListItem = z.infer<typeof ZStaffListItem>;

/** A colleague a request can be assigned to (active admins and clerks). */
export const ZColleague = z.object({ id: z.uuid(), name: z.string() });
export type TColleague = z.infer<typeof ZColleague>;

export const ZStaffInvite = z.strictObject({
  email: ZEmail,
  name: z.string().trim().min(1).max(200),
  role: ZStaffRole,
  locale: ZLocale.default('de'),
});

export const ZStaffUpdate = z
  .strictObject({
    role: ZStaffRole.optional(),
    status: z.enum(['active', 'locked']).optional(),
  })
  .refine((v) => v.role !== undefined || v.status !== undefined, { message: 'role or status' });
