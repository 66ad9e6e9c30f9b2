// Platform operators (ADR 0025): the installation's own people, across tenants. Global tables (no
// tenant_id, no row-level security), read and written through the owner connection only by the
// operator module; what operators do to a tenant is audited in that tenant's audit_log.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table platform_operators (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email)),
      name text not null check (length(name) between 1 and 200),
      -- invited: the link is out, no password yet; active; locked: cannot sign in.
      status text not null default 'invited' check (status in ('invited', 'active', 'locked')),
      password_hash text,
      -- The TOTP seed, sealed with SECRETS_KEY; null until enrolled (then sign-in leads to enrolment).
      totp_secret_sealed text,
      totp_last_step bigint,
      locale text not null default 'de' check (locale in ('de', 'en')),
      created_at timestamptz not null,
      invited_by uuid references platform_operators (id) on delete set null,
      last_login_at timestamptz
    );

    -- Sessions of the operator console (own cookie __Host-kp_operator, installation host only).
    -- stage: 'factor' waits for the TOTP code, 'enrol' for setting up TOTP, 'complete' is signed in.
    create table operator_sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      operator_id uuid not null references platform_operators (id) on delete cascade,
      stage text not null check (stage in ('factor', 'enrol', 'complete')),
      pending_secret_sealed text,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      user_agent text
    );
    create index operator_sessions_operator on operator_sessions (operator_id);

    -- Invitation links (single use, expiring); only the SHA-256 of the token is stored.
    create table operator_tokens (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      operator_id uuid not null references platform_operators (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index operator_tokens_operator on operator_tokens (operator_id);

    -- Failed sign-in attempts of the console (same rules as auth_throttle, which is per tenant).
    create table operator_throttle (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      blocked_until timestamptz
    );

    -- What operators do that belongs to no tenant (sign-in, the operator team). Actions on a tenant
    -- go to that tenant's audit_log with actor_type 'operator'.
    create table operator_audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      operator_id uuid,
      action text not null,
      target_type text,
      target_id text,
      request_id text,
      details jsonb not null default '{}'
    );
    create index operator_audit_log_at on operator_audit_log (at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table operator_audit_log;
    drop table operator_throttle;
    drop table operator_tokens;
    drop table operator_sessions;
    drop table platform_operators;
  `.execute(db);
}
