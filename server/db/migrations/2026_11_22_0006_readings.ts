// Meter readings submitted by customers: one submission per meter and date (all registers at once),
// with the login's idempotency key, the stored answer for a repeated submit, the comment and the
// link to the review request of a reading confirmed despite a plausibility warning.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['reading_submissions'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reading_submissions (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      meter_id uuid not null,
      -- The login that sent it; gone when that registration is deleted (the readings stay).
      login_id uuid,
      read_on date not null,
      status text not null check (status in ('accepted', 'pending_review')),
      -- Why the customer confirms a value the plausibility check warned about.
      comment text,
      -- The plausibility findings at submission, for the review (codes and quantities).
      findings jsonb not null default '[]',
      -- The customer request ("Meine Anliegen") of a reading pending review.
      request_id uuid,
      -- A repeated submit with the same key answers the stored result instead of booking again;
      -- the hash tells a repeat from a different submission under the same key.
      idempotency_key text,
      request_hash text not null,
      result jsonb not null,
      created_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id, login_id, idempotency_key),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      foreign key (tenant_id, meter_id) references meters (tenant_id, id),
      foreign key (tenant_id, login_id) references logins (tenant_id, id) on delete set null (login_id),
      foreign key (tenant_id, request_id) references customer_requests (tenant_id, id)
    );
    create index reading_submissions_meter on reading_submissions (tenant_id, meter_id, created_at desc);

    alter table meter_readings add column submission_id uuid;
    alter table meter_readings add foreign key (tenant_id, submission_id) references reading_submissions (tenant_id, id);
    create index meter_readings_submission on meter_readings (tenant_id, submission_id) where submission_id is not null;
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index meter_readings_submission;
    alter table meter_readings drop column submission_id;
    drop table reading_submissions;
  `.execute(db);
}
