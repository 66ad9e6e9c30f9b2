// The transactional outbox: side effects are rows written in the business transaction and
// delivered afterwards, at least once, by the worker (FOR UPDATE SKIP LOCKED).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';
import type { DB } from '../../db/schema.generated.ts';

export type OutboxJob = {
  tenantId: string;
  id: number;
  topic: string;
  payload: unknown;
  idempotencyKey: string;
  attempts: number;
  maxAttempts: number;
};

/** Writes a job in the caller's tenant transaction; it exists only if that transaction commits. */
export async function enqueue(
  trx: TenantTransaction,
  tenantId: string,
  job: { topic: string; payload: unknown; idempotencyKey?: string; maxAttempts?: number },
): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      tenant_id: tenantId,
      topic: job.topic,
      payload: JSON.stringify(job.payload),
      idempotency_key: job.idempotencyKey ?? randomUUID(),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
    .execute();
}

/** Claims due jobs across tenants (owner connection). Expired locks of crashed workers are retaken. */
export async function claimDueJobs(db: Kysely<DB>, limit: number, lockSeconds: number): Promise<OutboxJob[]> {
  const { rows } = await sql<OutboxJob>`
    update outbox o
       set status = 'running', attempts = o.attempts + 1,
           locked_until = now() + make_interval(secs => ${lockSeconds})
      from (
        select tenant_id, id from outbox
         where (status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now())
         order by run_at
         limit ${limit}
         for update skip locked
      ) due
     where o.tenant_id = due.tenant_id and o.id = due.id
    returning o.tenant_id as "tenantId", o.id, o.topic, o.payload, o.idempotency_key as "idempotencyKey",
              o.attempts, o.max_attempts as "maxAttempts"
  `.execute(db);
  return rows;
}

export async function markDone(db: Kysely<DB>, job: OutboxJob): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'done', done_at: new Date(), locked_until: null, last_error: null })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .execute();
}

/** Schedules a retry with backoff, or marks the job dead after its last attempt. */
export async function markFailed(db: Kysely<DB>, job: OutboxJob, error: string, retryInSeconds: number): Promise<'retry' | 'dead'> {
  const dead = job.attempts >= job.maxAttempts;
  await db
    .updateTable('outbox')
    .set({
      status: dead ? 'dead' : 'pending',
      last_error: error.slice(0, 2000),
      locked_until: null,
      run_at: sql<Date>`now() + make_interval(secs => ${retryInSeconds})`,
    })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .execute();
  return dead ? 'dead' : 'retry';
}

export type OutboxListItem = {
  tenantId: string;
  id: number;
  topic: string;
  status: string;
  attempts: number;
  lastError: string | null;
  runAt: Date;
  createdAt: Date;
};

export async function listJobs(db: Kysely<DB>, status: string | null, limit: number): Promise<OutboxListItem[]> {
  let query = db
    .selectFrom('outbox')
    .select([
      'tenant_id as tenantId',
      'id',
      'topic',
      'status',
      'attempts',
      'last_error as lastError',
      'run_at as runAt',
      'created_at as createdAt',
    ])
    .orderBy('created_at', 'desc')
    .limit(limit);
  if (status) query = query.where('status', '=', status);
  return query.execute();
}

/** Puts a dead job back in the queue with a fresh set of attempts. */
export async function retryJob(db: Kysely<DB>, tenantId: string, id: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, run_at: new Date(), last_error: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
