// The demo platform operator (console at /betrieb on the installation host): demo password and a
// fixed authenticator secret, listed with its current code on /dev/demo-accounts.json (demo only).
// Added to a demo database seeded before operators existed, too; an existing one is left as it is.
import { hashPassword } from '../modules/identity/password.ts';
import { seal } from '../modules/identity/secret-box.ts';
import type { Database } from '../db/database.ts';
import { OPERATOR_TOTP_PURPOSE } from '../modules/operator/operator-auth.ts';

export const DEMO_OPERATOR = {
  email: 'betrieb@kundenportal.example',
  name: 'Bernd Betrieb',
  // Base32 (160 bits), fixed so that a demo authenticator entry keeps working across restarts.
  totpSecret: 'ONSWG4TFORYGC43TO5XXEZDPNBSWG4TF',
} as const;

export async function seedDemoOperator(database: Database, password: string, secretsKey: Buffer, now: Date): Promise<void> {
  const passwordHash = await hashPassword(password);
  await database.db
    .insertInto('platform_operators')
    .values({
      email: DEMO_OPERATOR.email,
      name: DEMO_OPERATOR.name,
      status: 'active',
      password_hash: passwordHash,
      totp_secret_sealed: seal(secretsKey, DEMO_OPERATOR.totpSecret, OPERATOR_TOTP_PURPOSE),
      created_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
}
