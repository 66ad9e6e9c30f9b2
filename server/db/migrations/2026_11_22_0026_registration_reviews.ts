// Registrations needing review (ADR 0027): a person whose proof did not match asks the utility to
// check by hand. The clerk assigns the review to a customer account (an invitation link is mailed)
// or rejects it with a reason. Its own table, because there is no customer account (and no login)
// until a clerk decides; the back office's work queue shows these next to the customer requests.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

const tenantTables = ['registration_reviews', 'registration_review_notes'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table registration_reviews (
      tenant_id uuid not null references tenants (id),
      id uuid not null default gen_random_uuid(),
      -- From the same per-year counter as customer requests (A-2026-000123): one sequence in the queue.
      reference text not null,
      -- The registration method the person tried (customer_meter, customer_name, meter_gp).
      method text not null check (method in ('customer_meter', 'customer_name', 'meter_gp')),
      name text not null check (length(name) between 1 and 200),
      street text not null check (length(street) between 1 and 120),
      house_number text not null check (length(house_number) between 1 and 20),
      postal_code text not null check (length(postal_code) between 4 and 10),
      city text not null check (length(city) between 1 and 80),
      -- The numbers as entered (unchecked: they did not match).
      customer_number text check (length(customer_number) <= 64),
      meter_number text check (length(meter_number) <= 64),
      gp_number text check (length(gp_number) <= 64),
      email text not null check (email = lower(email) and length(email) <= 254),
      phone text check (length(phone) <= 30),
      note text not null default '' check (length(note) <= 2000),
      locale text not null check (locale in ('de', 'en')),
      status text not null default 'received' check (status in ('received', 'in_progress', 'done', 'rejected')),
      assigned_to uuid,
      -- Set when done: the customer account the invitation was sent for.
      customer_id uuid,
      -- Set when rejected: the reason mailed to the person.
      reason text check (length(reason) <= 2000),
      decided_by uuid,
      decided_at timestamptz,
      idempotency_key text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, id),
      unique (tenant_id, reference),
      -- A double submit of the same form creates one review.
      unique (tenant_id, idempotency_key),
      foreign key (tenant_id, assigned_to) references staff_members (tenant_id, id) on delete set null (assigned_to),
      foreign key (tenant_id, decided_by) references staff_members (tenant_id, id) on delete set null (decided_by),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id),
      check (status <> 'done' or customer_id is not null),
      check (status <> 'rejected' or reason is not null)
    );
    create index registration_reviews_queue on registration_reviews (tenant_id, status, created_at);

    create table registration_review_notes (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      review_id uuid not null,
      staff_id uuid,
      text text not null check (length(text) between 1 and 4000),
      created_at timestamptz not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, review_id) references registration_reviews (tenant_id, id) on delete cascade,
      foreign key (tenant_id, staff_id) references staff_members (tenant_id, id) on delete set null (staff_id)
    );
    create index registration_review_notes_review on registration_review_notes (tenant_id, review_id, created_at);
  `.execute(db);

  await isolateTenants(db, tenantTables);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table registration_review_notes;
    drop table registration_reviews;
  `.execute(db);
}
