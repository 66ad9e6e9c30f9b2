// Staff of a utility (back office): accounts with a role, invited by link, always with a second
// factor (TOTP), their own sessions and single-use tokens, and the work-queue fields of customer
// requests (assignment, internal notes). Decisions: ADR 0020.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['staff_members', 'staff_sessions', 'staff_tokens', 'request_notes'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_members (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      email text not null check (email = lower(email)),
      name text not null check (length(name) between 1 and 200),
      role text not null check (role in ('admin', 'clerk', 'read_only')),
      -- invited: the link is out, no password yet; active; locked: cannot sign in.
      status text not null default 'invited' check (status in ('invited', 'active', 'locked')),
      password_hash text,
      -- The TOTP seed, sealed with SECRETS_KEY; null until enrolled (then sign-in leads to enrolment).
      totp_secret_sealed text,
      totp_last_step bigint,
      locale text not null default 'de' check (locale in ('de', 'en')),
      created_at timestamptz not null,
      invited_by uuid,
      last_login_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, email)
    );

    -- Sessions of the back office, apart from customers' sessions (own cookie, own table).
    -- stage: 'factor' waits for the TOTP code, 'enrol' for setting up TOTP, 'complete' is signed in.
    create table staff_sessions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      token_hash bytea not null,
      staff_id uuid not null,
      stage text not null check (stage in ('factor', 'enrol', 'complete')),
      pending_secret_sealed text,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      user_agent text,
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, staff_id) references staff_members (tenant_id, id) on delete cascade
    );
    create index staff_sessions_staff on staff_sessions (tenant_id, staff_id);

    -- Invitation links (single use, expiring); only the SHA-256 of the token is stored.
    create table staff_tokens (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      token_hash bytea not null,
      staff_id uuid not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, staff_id) references staff_members (tenant_id, id) on delete cascade
    );

    -- Work queue: who works on a request, and notes only staff see.
    alter table customer_requests add column assigned_to uuid;
    alter table customer_requests
      add foreign key (tenant_id, assigned_to) references staff_members (tenant_id, id) on delete set null (assigned_to);
    create index customer_requests_queue on customer_requests (tenant_id, status, created_at);

    create table request_notes (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      request_id uuid not null,
      staff_id uuid,
      text text not null check (length(text) between 1 and 4000),
      created_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, request_id) references customer_requests (tenant_id, id) on delete cascade,
      foreign key (tenant_id, staff_id) references staff_members (tenant_id, id) on delete set null (staff_id)
    );
    create index request_notes_request on request_notes (tenant_id, request_id, created_at);
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table request_notes;
    drop index customer_requests_queue;
    alter table customer_requests drop column assigned_to;
    drop table staff_tokens;
    drop table staff_sessions;
    drop table staff_members;
  `.execute(db);
}
