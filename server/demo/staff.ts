// Demo back-office staff: per demo utility an admin, a clerk and a read-only member with the demo
// password and a fixed authenticator secret (demo only; the demo accounts page shows the secret and
// the current code, so the back office can be tried without an authenticator app). Added to a demo
// database seeded before the back office existed, too; existing members are left as they are.
import { generate } from 'otplib';
import type { TStaffRole } from '../../api/staff.ts';
import { withTenant, type Database } from '../db/database.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { seal } from '../modules/identity/secret-box.ts';
import { STAFF_TOTP_PURPOSE } from '../modules/staff/staff-auth.ts';
import type { TenantSlug } from './generate.ts';

export type DemoStaff = { email: string; name: string; role: TStaffRole; totpSecret: string };

const domains: Record<TenantSlug, string> = {
  musterstadt: 'stadtwerke-musterstadt.example',
  alpenstadt: 'stadtwerke-alpenstadt.example',
  'netz-nord': 'netz-nord.example',
};

// Base32 secrets (160 bits), fixed so that a demo authenticator entry keeps working across restarts.
const secrets: Record<TStaffRole, string> = {
  admin: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  clerk: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
  read_only: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK',
};

const people: Record<TStaffRole, { local: string; name: string }> = {
  admin: { local: 'leitung', name: 'Petra Leitner' },
  clerk: { local: 'sachbearbeitung', name: 'Sven Sachs' },
  read_only: { local: 'revision', name: 'Rita Revis' },
};

export function demoStaff(slug: TenantSlug): DemoStaff[] {
  return (['admin', 'clerk', 'read_only'] as const).map((role) => ({
    email: `${people[role].local}@${domains[slug]}`,
    name: people[role].name,
    role,
    totpSecret: secrets[role],
  }));
}

export async function seedDemoStaff(database: Database, tenant: { id: string; slug: TenantSlug }, password: string, secretsKey: Buffer, now: Date): Promise<void> {
  const passwordHash = await hashPassword(password);
  await withTenant(database, tenant.id, async (trx) => {
    for (const staff of demoStaff(tenant.slug)) {
      await trx
        .insertInto('staff_members')
        .values({
          tenant_id: tenant.id,
          email: staff.email,
          name: staff.name,
          role: staff.role,
          status: 'active',
          password_hash: passwordHash,
          totp_secret_sealed: seal(secretsKey, staff.totpSecret, STAFF_TOTP_PURPOSE),
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
        .execute();
    }
  });
}

/** The code an authenticator app with the demo secret shows now. */
export function currentDemoCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
