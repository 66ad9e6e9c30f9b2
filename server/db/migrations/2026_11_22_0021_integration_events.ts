// Export feed and webhooks (ADR 0023): every customer request and submitted reading the billing
// system has to take out of the portal is an integration event with a per-tenant feed position
// (seq) from a counter row locked in the writing transaction, so positions become visible in order
// and a consumer's cursor never passes an event that commits later. Consumers acknowledge positions;
// webhook subscriptions get every matching event through the outbox, each attempt logged.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['integration_event_counters', 'integration_events', 'integration_feed_positions', 'webhook_subscriptions', 'webhook_deliveries'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The last feed position per tenant. Incremented with an upsert in the transaction that records
    -- the event: the row lock is held until commit, so positions commit in order and without gaps.
    create table integration_event_counters (
      tenant_id uuid not null references tenants (id),
      last_seq bigint not null check (last_seq > 0),
      primary key (tenant_id)
    );

    create table integration_events (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      -- The feed position (cursor): 1, 2, 3 ... per tenant, in commit order.
      seq bigint not null check (seq > 0),
      type text not null check (type in ('reading.submitted', 'request.created', 'request.status_changed', 'gp_number.requested', 'webhook.test')),
      -- What the event is about (customer_request, reading_submission, gp_number_request, webhook_subscription).
      subject_type text not null,
      subject_id uuid not null,
      customer_id uuid,
      -- What the billing system needs, in the wire format of the feed (snake_case keys); never a full IBAN.
      payload jsonb not null,
      created_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id, seq),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id)
    );
    create index integration_events_subject on integration_events (tenant_id, subject_type, subject_id);

    -- The acknowledged position of each integration client (the client id of the OAuth2 client).
    create table integration_feed_positions (
      tenant_id uuid not null,
      client_id text not null,
      acked_seq bigint not null check (acked_seq >= 0),
      acked_at timestamptz not null,
      primary key (tenant_id, client_id)
    );

    create table webhook_subscriptions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      url text not null check (char_length(url) <= 2000),
      description text not null default '' check (char_length(description) <= 200),
      -- The signing secret ('whsec_<base64>') sealed with the SECRETS_KEY (AES-256-GCM).
      secret_sealed text not null,
      event_types text[] not null check (cardinality(event_types) > 0),
      active boolean not null default true,
      -- Who made it: 'client:<client id>' or 'staff:<login id>'.
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id)
    );

    -- One row per delivery attempt: what the receiver answered, how long it took, or why it failed.
    create table webhook_deliveries (
      tenant_id uuid not null,
      id bigint generated always as identity,
      subscription_id uuid not null,
      event_id uuid not null,
      attempt integer not null check (attempt > 0),
      outcome text not null check (outcome in ('success', 'failure')),
      status_code integer,
      duration_ms integer not null check (duration_ms >= 0),
      error text,
      attempted_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, subscription_id) references webhook_subscriptions (tenant_id, id) on delete cascade,
      foreign key (tenant_id, event_id) references integration_events (tenant_id, id)
    );
    create index webhook_deliveries_subscription on webhook_deliveries (tenant_id, subscription_id, id desc);
    create index webhook_deliveries_event on webhook_deliveries (tenant_id, event_id);
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table webhook_deliveries;
    drop table webhook_subscriptions;
    drop table integration_feed_positions;
    drop table integration_events;
    drop table integration_event_counters;
  `.execute(db);
}
