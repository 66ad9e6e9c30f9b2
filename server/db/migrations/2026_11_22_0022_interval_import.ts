// Import runs of 15-minute values (ADR 0022): one row per run through the integration API or the
// CLI, successful or not, with its counts and the first positioned errors, for the back office's
// list of imports. The row is written when the run starts (status 'running') and finished in the
// import's own transaction on success, or in a transaction of its own when the import failed.
import { sql, type Kysely } from 'kysely';
import { isolateTenants } from './tenant-isolation.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_runs (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      kind text not null default 'intervals' check (kind in ('intervals')),
      source text not null check (source in ('api', 'cli')),
      format text not null check (format in ('json', 'csv', 'mscons')),
      file_name text,
      actor text,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
      bytes bigint not null default 0,
      records integer not null default 0,
      series integer not null default 0,
      values_count integer not null default 0,
      days integer not null default 0,
      error_count integer not null default 0,
      errors jsonb not null default '[]',
      primary key (tenant_id, id)
    );
    create index import_runs_started on import_runs (tenant_id, started_at desc);
  `.execute(db);
  await isolateTenants(db, ['import_runs']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists import_runs`.execute(db);
}
