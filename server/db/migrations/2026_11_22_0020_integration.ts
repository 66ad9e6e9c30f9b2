// Integration API (ADR 0021): OAuth2 clients of the utility's billing system with hashed secrets,
// short-lived bearer tokens (hash only), stored answers for Idempotency-Key replays, and the
// billing system's ids (external_id) on the tables that have no natural key of their own.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['integration_clients', 'integration_tokens', 'integration_idempotency'];

/** Tables without a natural key that the billing system names by its own id. */
const externalIdTables = ['premises', 'instalment_plans', 'account_transactions', 'documents'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table integration_clients (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      -- The public client identifier (RFC 6749 client_id), e.g. 'kpc_3f9a...'.
      client_id text not null check (client_id ~ '^kpc_[a-z0-9]{20}$'),
      -- SHA-256 of the 256-bit random secret; the secret itself is shown once and never stored.
      secret_hash bytea not null,
      scopes text[] not null check (cardinality(scopes) > 0),
      created_at timestamptz not null,
      -- Who created it: 'cli', a staff login id, ...
      created_by text not null,
      revoked_at timestamptz,
      -- The last time the client got a token.
      last_used_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, client_id)
    );

    create table integration_tokens (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      client_id uuid not null,
      token_hash bytea not null,
      scopes text[] not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id, token_hash),
      foreign key (tenant_id, client_id) references integration_clients (tenant_id, id) on delete cascade
    );
    create index integration_tokens_client on integration_tokens (tenant_id, client_id, expires_at);

    -- The first successful answer per client and Idempotency-Key; a replay with the same request
    -- hash gets it again, another request under the same key is refused.
    create table integration_idempotency (
      tenant_id uuid not null,
      client_id uuid not null,
      key text not null check (char_length(key) between 1 and 255),
      request_hash text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null,
      primary key (tenant_id, client_id, key),
      foreign key (tenant_id, client_id) references integration_clients (tenant_id, id) on delete cascade
    );
    create index integration_idempotency_created on integration_idempotency (tenant_id, created_at);
  `.execute(db);

  for (const table of externalIdTables) {
    await sql`
      alter table ${sql.table(table)} add column external_id text check (char_length(external_id) between 1 and 100);
      create unique index ${sql.id(`${table}_external_id`)} on ${sql.table(table)} (tenant_id, external_id);
    `.execute(db);
  }

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of externalIdTables) {
    await sql`alter table ${sql.table(table)} drop column external_id`.execute(db);
  }
  await sql`
    drop table integration_idempotency;
    drop table integration_tokens;
    drop table integration_clients;
  `.execute(db);
}
