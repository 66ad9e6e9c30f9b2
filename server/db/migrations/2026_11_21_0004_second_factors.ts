// Second factors (SEC-07): TOTP and passkeys per login, hashed recovery codes, WebAuthn challenges,
// and sessions that have passed the password but still wait for the second factor.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['login_factors', 'recovery_codes', 'webauthn_challenges'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A TOTP factor keeps its secret sealed (AES-256-GCM, key outside the database) and the last
    -- accepted time step, so a code works only once. A passkey keeps its WebAuthn credential.
    create table login_factors (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      login_id uuid not null,
      kind text not null check (kind in ('totp', 'passkey')),
      label text not null,
      totp_secret_sealed text,
      totp_last_step bigint,
      credential_id text,
      public_key bytea,
      sign_count bigint,
      transports text[],
      backed_up boolean,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, credential_id),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete cascade,
      check ((kind = 'totp') = (totp_secret_sealed is not null)),
      check ((kind = 'passkey') = (credential_id is not null and public_key is not null and sign_count is not null))
    );
    create index login_factors_login on login_factors (tenant_id, login_id);
    -- At most one TOTP factor per login (a new setup replaces an unconfirmed one).
    create unique index login_factors_one_totp on login_factors (tenant_id, login_id) where kind = 'totp';

    -- Recovery codes: only their SHA-256 is stored; a used code stays as used.
    create table recovery_codes (
      tenant_id uuid not null,
      login_id uuid not null,
      code_hash bytea not null,
      created_at timestamptz not null,
      used_at timestamptz,
      primary key (tenant_id, login_id, code_hash),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete cascade
    );

    -- WebAuthn challenges, single use and short-lived. login_id is null for passwordless sign-in
    -- (the credential names the login).
    create table webauthn_challenges (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      purpose text not null check (purpose in ('register', 'authenticate')),
      challenge text not null,
      login_id uuid,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete cascade
    );

    -- A session that passed the password of a login with a second factor waits for it here; it
    -- opens nothing else.
    alter table sessions add column factor_pending boolean not null default false;
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sessions drop column factor_pending;
    drop table webauthn_challenges;
    drop table recovery_codes;
    drop table login_factors;
  `.execute(db);
}
