// Document types of the utility (ADR 0026): a document may name one of the tenant's own types
// (tenants.config.documentTypes) by its code. The settings refuse to remove a type in use, so a
// code here always names a type (no foreign key: the types live in the tenant's JSON configuration).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table documents add column type_code text
      check (type_code is null or type_code ~ '^[a-z][a-z0-9_-]{1,39}$');
    create index documents_type_code on documents (tenant_id, type_code) where type_code is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists documents_type_code;
    alter table documents drop column if exists type_code;
  `.execute(db);
}
