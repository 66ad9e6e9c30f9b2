// Bank details and SEPA direct debit mandates: one row per payment arrangement of a customer account
// (a mandate with its bank account, or payment by transfer) from a date, for all consumption points
// or the ones listed in bank_account_premises. The IBAN is stored sealed (AES-256-GCM with the
// SECRETS_KEY) next to a masked copy for display; see ADR 0017.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['bank_accounts', 'bank_account_premises'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bank_accounts (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      payment_method text not null check (payment_method in ('direct_debit', 'transfer')),
      -- true: every consumption point of the customer account; false: those in bank_account_premises.
      all_premises boolean not null,
      holder text check (char_length(holder) between 1 and 70),
      -- The IBAN sealed with the SECRETS_KEY ('v1.<iv>.<tag>.<ciphertext>'), never stored in clear.
      iban_sealed text,
      -- For display: 'DE89 **** **** **** **30 00', the last four characters and the country.
      iban_masked text,
      iban_last4 text check (iban_last4 ~ '^[A-Z0-9]{4}$'),
      iban_country text check (iban_country ~ '^[A-Z]{2}$'),
      bic text check (bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
      valid_from date not null,
      -- The SEPA mandate: creditor identifier and mandate reference (unique per creditor).
      creditor_id text,
      mandate_reference text check (mandate_reference ~ '^[A-Za-z0-9+?/:().,'' -]{1,35}$'),
      -- Consent (GDPR Art. 7 style record): which text, in which language, when, through which channel.
      consent_text_version text,
      consent_text text,
      consent_locale text check (consent_locale in ('de', 'en')),
      consented_at timestamptz,
      consent_channel text check (consent_channel in ('portal', 'paper')),
      status text not null check (status in ('pending', 'active', 'revoked')),
      -- The customer request the change was made with (null for arrangements from the billing system).
      request_id uuid,
      -- The login that made the change; gone when that registration is deleted (the mandate stays).
      login_id uuid,
      idempotency_key text,
      created_at timestamptz not null,
      -- Order of making, for changes made at the same instant (created_at is the request's clock).
      seq bigint generated always as identity,
      primary key (tenant_id, id),
      unique (tenant_id, creditor_id, mandate_reference),
      unique (tenant_id, request_id),
      -- A double submit of the same form makes one change.
      unique (tenant_id, login_id, idempotency_key),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, request_id) references customer_requests (tenant_id, id),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete set null (login_id),
      constraint bank_accounts_direct_debit check (
        payment_method <> 'direct_debit' or (
          holder is not null and iban_sealed is not null and iban_masked is not null and iban_last4 is not null
          and iban_country is not null and creditor_id is not null and mandate_reference is not null
          and consented_at is not null and consent_channel is not null
        )
      ),
      constraint bank_accounts_transfer check (
        payment_method <> 'transfer' or (
          holder is null and iban_sealed is null and iban_masked is null and iban_last4 is null and bic is null
          and mandate_reference is null and creditor_id is null
        )
      )
    );
    create index bank_accounts_customer on bank_accounts (tenant_id, customer_id, valid_from desc, created_at desc, seq desc);

    create table bank_account_premises (
      tenant_id uuid not null,
      bank_account_id uuid not null,
      premise_id uuid not null,
      primary key (tenant_id, bank_account_id, premise_id),
      foreign key (tenant_id, bank_account_id) references bank_accounts (tenant_id, id) on delete cascade,
      foreign key (tenant_id, premise_id) references premises (tenant_id, id)
    );
    create index bank_account_premises_premise on bank_account_premises (tenant_id, premise_id);
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table bank_account_premises;
    drop table bank_accounts;
  `.execute(db);
}
