// Customer requests ("Meine Anliegen"): every request a customer makes through the portal (a message,
// later address, bank, instalment and reading changes), its status history and attachments.
// Reference numbers (A-2026-000123) come from a per-tenant, per-year counter row.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['customer_requests', 'request_events', 'request_attachments', 'request_counters'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The next reference number per tenant and year: incremented with an upsert, so concurrent
    -- requests wait for each other's row lock and never get the same number.
    create table request_counters (
      tenant_id uuid not null references tenants (id),
      year integer not null,
      last_number integer not null,
      primary key (tenant_id, year)
    );

    create table customer_requests (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      reference text not null,
      customer_id uuid not null,
      -- The login that made the request; gone when that registration is deleted (the request stays).
      login_id uuid,
      premise_id uuid,
      -- Extend the list when a module adds a kind of request.
      kind text not null constraint customer_requests_kind check (kind in ('message', 'address', 'bank', 'instalment', 'reading', 'contact')),
      subject text not null,
      -- Kind-specific data (the message text and phone number, a new address, ...).
      payload jsonb not null default '{}',
      status text not null default 'received' check (status in ('received', 'in_progress', 'done', 'rejected')),
      idempotency_key text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id, reference),
      -- A double submit of the same form creates one request.
      unique (tenant_id, login_id, idempotency_key),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete set null (login_id),
      foreign key (tenant_id, premise_id) references premises (tenant_id, id)
    );
    create index customer_requests_customer on customer_requests (tenant_id, customer_id, created_at desc);

    -- Status history: the first event is 'received'; each change adds one.
    create table request_events (
      tenant_id uuid not null,
      id bigint generated always as identity,
      request_id uuid not null,
      status text not null check (status in ('received', 'in_progress', 'done', 'rejected')),
      reason text,
      actor_type text not null check (actor_type in ('customer', 'staff', 'system', 'integration')),
      actor_id text,
      created_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, request_id) references customer_requests (tenant_id, id) on delete cascade,
      check (status <> 'rejected' or reason is not null)
    );
    create index request_events_request on request_events (tenant_id, request_id, id);

    -- Files sent with a request (PDF, JPEG, PNG), checked by their first bytes.
    create table request_attachments (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      request_id uuid not null,
      file_name text not null,
      content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
      size_bytes integer not null check (size_bytes > 0),
      content bytea not null,
      created_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, request_id) references customer_requests (tenant_id, id) on delete cascade,
      check (octet_length(content) = size_bytes)
    );
    create index request_attachments_request on request_attachments (tenant_id, request_id);
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table request_attachments;
    drop table request_events;
    drop table customer_requests;
    drop table request_counters;
  `.execute(db);
}
