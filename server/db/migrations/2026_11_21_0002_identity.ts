// Identity: login state, server-side sessions, single-use tokens (activation, reset, e-mail change,
// invitation) and throttling counters shared by all app processes.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['sessions', 'auth_tokens', 'auth_throttle'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table logins
      add column status text not null default 'pending' check (status in ('pending', 'active', 'locked')),
      add column password_changed_at timestamptz,
      add column selected_customer_id uuid,
      add column registration_method text
        check (registration_method in ('customer_meter', 'customer_name', 'meter_gp', 'invitation', 'demo'));
    update logins set status = 'active', registration_method = 'demo' where email_verified_at is not null;

    -- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
    create table sessions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      token_hash bytea not null,
      login_id uuid not null,
      selected_customer_id uuid,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      reauthenticated_at timestamptz,
      user_agent text,
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete cascade
    );
    create index sessions_login on sessions (tenant_id, login_id);

    -- Single-use tokens sent by mail. Only the SHA-256 of the token is stored.
    create table auth_tokens (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      token_hash bytea not null,
      purpose text not null check (purpose in ('activation', 'password_reset', 'email_change', 'invitation')),
      login_id uuid,
      email text not null,
      payload jsonb not null default '{}',
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete cascade
    );
    create index auth_tokens_login on auth_tokens (tenant_id, login_id);

    -- Failed-attempt counters per key (account or client address), in the database so that every
    -- app process sees the same numbers.
    create table auth_throttle (
      tenant_id uuid not null references tenants (id),
      key text not null,
      window_started_at timestamptz not null,
      failures integer not null default 0,
      blocked_until timestamptz,
      primary key (tenant_id, key)
    );
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table auth_throttle;
    drop table auth_tokens;
    drop table sessions;
    alter table logins drop column registration_method, drop column selected_customer_id,
      drop column password_changed_at, drop column status;
  `.execute(db);
}
