// Requests for a grid business-partner number (GP-Nr), answered by letter from the back office.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table gp_number_requests (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      name text not null,
      street text not null,
      house_number text not null,
      postal_code text not null,
      city text not null,
      connection_street text,
      connection_house_number text,
      connection_postal_code text,
      connection_city text,
      meter_number text not null,
      email text not null,
      locale text not null check (locale in ('de', 'en')),
      status text not null default 'open' check (status in ('open', 'letter_sent', 'rejected')),
      created_at timestamptz not null,
      primary key (tenant_id, id)
    );
    create index gp_number_requests_open on gp_number_requests (tenant_id, status, created_at);
    alter table gp_number_requests enable row level security;
    alter table gp_number_requests force row level security;
    create policy tenant_isolation on gp_number_requests
      using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id());
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table gp_number_requests`.execute(db);
}
