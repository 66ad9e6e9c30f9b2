// Core schema: tenants (global), customers and their supply, documents, audit, outbox, dev mailbox.
// Every tenant-owned table: tenant_id first in the primary key, in every foreign key and unique key
// (Citus distribution column), row-level security enabled + forced with one fail-closed policy.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = [
  'customers',
  'premises',
  'tariffs',
  'contracts',
  'meters',
  'meter_registers',
  'meter_readings',
  'interval_values',
  'consumption_daily',
  'documents',
  'invoices',
  'instalment_plans',
  'account_transactions',
  'logins',
  'login_customers',
  'audit_log',
  'outbox',
  'dev_mailbox',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function app_tenant_id() returns uuid language sql stable as $$
      select nullif(current_setting('app.tenant_id', true), '')::uuid
    $$;

    create table tenants (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
      config jsonb not null,
      logo bytea,
      logo_type text check (logo_type in ('image/svg+xml', 'image/png')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table tenant_domains (
      domain text primary key check (domain = lower(domain)),
      tenant_id uuid not null references tenants (id) on delete cascade
    );
    create index tenant_domains_tenant on tenant_domains (tenant_id);

    create table customers (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      customer_number text not null,
      kind text not null check (kind in ('person', 'company')),
      salutation text check (salutation in ('mr', 'ms', 'diverse', 'company')),
      first_name text,
      last_name text,
      company_name text,
      street text not null,
      house_number text not null,
      postal_code text not null,
      city text not null,
      country text not null check (country in ('DE', 'AT')),
      email text,
      phone text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, customer_number)
    );

    create table premises (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      street text not null,
      house_number text not null,
      postal_code text not null,
      city text not null,
      country text not null check (country in ('DE', 'AT')),
      malo_id text check (malo_id ~ '^[1-9][0-9]{10}$'),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id)
    );
    create index premises_customer on premises (tenant_id, customer_id);

    create table tariffs (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      code text not null,
      name text not null,
      division text not null check (division in ('electricity', 'gas', 'water', 'heat')),
      energy_price_ct numeric(10, 4) not null check (energy_price_ct >= 0),
      base_price_cents_per_year bigint not null check (base_price_cents_per_year >= 0),
      valid_from date not null,
      primary key (tenant_id, id),
      unique (tenant_id, code, valid_from)
    );

    create table contracts (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      contract_number text not null,
      customer_id uuid not null,
      premise_id uuid not null,
      division text not null check (division in ('electricity', 'gas', 'water', 'heat')),
      direction text not null default 'consumption' check (direction in ('consumption', 'feed_in')),
      tariff_id uuid not null,
      start_date date not null,
      end_date date,
      minimum_term_months integer not null default 0,
      notice_period_weeks integer not null default 4,
      annual_forecast_milli bigint check (annual_forecast_milli >= 0),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, contract_number),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, premise_id) references premises (tenant_id, id),
      foreign key (tenant_id, tariff_id) references tariffs (tenant_id, id),
      check (end_date is null or end_date >= start_date)
    );
    create index contracts_customer on contracts (tenant_id, customer_id);

    create table meters (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      premise_id uuid not null,
      meter_number text not null,
      division text not null check (division in ('electricity', 'gas', 'water', 'heat')),
      meter_kind text not null default 'conventional' check (meter_kind in ('conventional', 'modern', 'smart')),
      metering_point_id text check (metering_point_id ~ '^[A-Z]{2}[0-9]{11}[A-Z0-9]{20}$'),
      data_granularity text check (data_granularity in ('OPT_OUT', 'DAILY', 'QUARTER_HOUR')),
      installed_on date not null,
      removed_on date,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, meter_number, installed_on),
      foreign key (tenant_id, premise_id) references premises (tenant_id, id),
      check (removed_on is null or removed_on >= installed_on)
    );
    create index meters_premise on meters (tenant_id, premise_id);
    create index meters_number on meters (tenant_id, meter_number);

    create table meter_registers (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      meter_id uuid not null,
      obis text not null,
      label text,
      unit text not null check (unit in ('kWh', 'm3')),
      digits integer not null check (digits between 3 and 12),
      decimals integer not null default 0 check (decimals between 0 and 3),
      primary key (tenant_id, id),
      unique (tenant_id, meter_id, obis),
      foreign key (tenant_id, meter_id) references meters (tenant_id, id)
    );

    create table meter_readings (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      register_id uuid not null,
      read_on date not null,
      value numeric(16, 3) not null check (value >= 0),
      source text not null check (source in ('customer', 'utility', 'estimated', 'smart_meter')),
      reason text not null default 'periodic'
        check (reason in ('periodic', 'move_in', 'move_out', 'meter_installed', 'meter_removed', 'interim', 'billing')),
      status text not null default 'accepted' check (status in ('accepted', 'pending_review', 'rejected')),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, register_id) references meter_registers (tenant_id, id)
    );
    create index meter_readings_register on meter_readings (tenant_id, register_id, read_on desc);

    -- 15-minute values: one row per register and local day (tenant time zone), values in milli-units
    -- of the register unit (Wh for kWh registers), index i = the i-th quarter hour after local midnight.
    -- A day has 92, 96 or 100 values (DST). quality: null when every value is a true value (220).
    create table interval_values (
      tenant_id uuid not null,
      register_id uuid not null,
      day date not null,
      values_milli integer[] not null check (cardinality(values_milli) in (92, 96, 100)),
      quality smallint[],
      primary key (tenant_id, register_id, day),
      foreign key (tenant_id, register_id) references meter_registers (tenant_id, id)
    );

    -- Daily consumption per register: delivered by smart meters (AT daily values) or rolled up from
    -- interval_values at import. quantity in milli-units of the register unit.
    create table consumption_daily (
      tenant_id uuid not null,
      register_id uuid not null,
      day date not null,
      quantity_milli bigint not null,
      quality smallint not null default 220,
      primary key (tenant_id, register_id, day),
      foreign key (tenant_id, register_id) references meter_registers (tenant_id, id)
    );

    create table documents (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      kind text not null check (kind in ('invoice', 'contract', 'letter', 'notice', 'other')),
      title text not null,
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      content bytea not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id)
    );
    create index documents_customer on documents (tenant_id, customer_id, created_at desc);

    create table invoices (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      invoice_number text not null,
      kind text not null check (kind in ('annual', 'final', 'interim', 'credit_note')),
      invoice_date date not null,
      period_start date not null,
      period_end date not null,
      net_cents bigint not null,
      vat_cents bigint not null,
      gross_cents bigint not null,
      instalments_paid_cents bigint not null default 0,
      balance_cents bigint not null,
      due_date date not null,
      document_id uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, invoice_number),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, document_id) references documents (tenant_id, id)
    );
    create index invoices_customer on invoices (tenant_id, customer_id, invoice_date desc);

    create table instalment_plans (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      contract_id uuid not null,
      amount_cents bigint not null check (amount_cents >= 0),
      valid_from date not null,
      valid_to date,
      due_day integer not null default 15 check (due_day between 1 and 28),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, contract_id) references contracts (tenant_id, id)
    );
    create index instalment_plans_contract on instalment_plans (tenant_id, contract_id, valid_from desc);

    -- Positive amounts are receivables (the customer owes), negative amounts are payments and credits.
    create table account_transactions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      booking_date date not null,
      due_date date,
      kind text not null check (kind in ('invoice', 'instalment', 'payment', 'credit', 'refund', 'fee')),
      description text not null,
      amount_cents bigint not null,
      reference text,
      invoice_id uuid,
      cleared boolean not null default false,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, invoice_id) references invoices (tenant_id, id)
    );
    create index account_transactions_customer on account_transactions (tenant_id, customer_id, booking_date desc);

    create table logins (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      email text not null check (email = lower(email)),
      password_hash text,
      email_verified_at timestamptz,
      locale text not null default 'de' check (locale in ('de', 'en')),
      created_at timestamptz not null default now(),
      last_login_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, email)
    );

    create table login_customers (
      tenant_id uuid not null,
      login_id uuid not null,
      customer_id uuid not null,
      linked_at timestamptz not null default now(),
      primary key (tenant_id, login_id, customer_id),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete cascade,
      foreign key (tenant_id, customer_id) references customers (tenant_id, id)
    );
    create index login_customers_customer on login_customers (tenant_id, customer_id);

    create table audit_log (
      tenant_id uuid not null references tenants (id),
      id bigint generated always as identity,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('system', 'customer', 'staff', 'integration', 'operator')),
      actor_id text,
      action text not null,
      target_type text,
      target_id text,
      request_id text,
      details jsonb not null default '{}',
      primary key (tenant_id, id)
    );

    create table outbox (
      tenant_id uuid not null references tenants (id),
      id bigint generated always as identity,
      topic text not null,
      payload jsonb not null,
      idempotency_key text not null,
      status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
      attempts integer not null default 0,
      max_attempts integer not null default 8,
      run_at timestamptz not null default now(),
      locked_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      done_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, idempotency_key)
    );
    create index outbox_due on outbox (run_at) where status in ('pending', 'running');

    create table dev_mailbox (
      tenant_id uuid not null references tenants (id),
      id bigint generated always as identity,
      to_address text not null,
      from_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      outbox_id bigint,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...tenantTables].reverse()) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop table if exists tenant_domains; drop table if exists tenants; drop function if exists app_tenant_id();`.execute(db);
}
