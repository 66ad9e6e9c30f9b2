// GP-Nr letters (ADR 0024): the back office prints one PDF with a letter per open request for a grid
// business-partner number; the batch is kept so the PDF can be downloaded again, and each printed
// request points to its batch. Requests that match no customer stay open with the reason, for the
// clerk. Tenant logos from the back office may also be JPEG or WebP.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table gp_letter_batches (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      -- The staff member who printed it (staff logins live in the back office's own tables).
      created_by uuid not null,
      created_at timestamptz not null,
      letters integer not null check (letters > 0),
      file_name text not null,
      pdf bytea not null,
      primary key (tenant_id, id)
    );
    create index gp_letter_batches_created on gp_letter_batches (tenant_id, created_at);

    alter table gp_number_requests
      add column sent_at timestamptz,
      add column letter_batch_id uuid,
      -- Why the last print run could not write this request's letter (it stays open).
      add column match_problem text check (match_problem in ('meter_unknown', 'meter_removed', 'name_mismatch', 'address_mismatch', 'ambiguous')),
      add column match_checked_at timestamptz,
      add foreign key (tenant_id, letter_batch_id) references gp_letter_batches (tenant_id, id),
      add constraint gp_number_requests_letter check (
        status <> 'letter_sent' or letter_batch_id is null or sent_at is not null
      );
    create index gp_number_requests_batch on gp_number_requests (tenant_id, letter_batch_id);

    alter table tenants drop constraint tenants_logo_type_check;
    alter table tenants add constraint tenants_logo_type_check
      check (logo_type in ('image/svg+xml', 'image/png', 'image/jpeg', 'image/webp'));
  `.execute(db);
  await isolateTenants(db, ['gp_letter_batches']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table tenants drop constraint tenants_logo_type_check;
    alter table tenants add constraint tenants_logo_type_check check (logo_type in ('image/svg+xml', 'image/png'));
    drop index gp_number_requests_batch;
    alter table gp_number_requests
      drop constraint gp_number_requests_letter,
      drop column match_checked_at,
      drop column match_problem,
      drop column letter_batch_id,
      drop column sent_at;
    drop table gp_letter_batches;
  `.execute(db);
}
