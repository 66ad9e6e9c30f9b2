// REL-01: a side effect exists exactly when its business transaction committed, and is retried
// until delivered or visibly dead.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createTenant, testConfig } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createMailHandler, enqueueMail, MAIL_TOPIC } from '../mail/mail.ts';
import { enqueue, listJobs, retryJob } from './outbox.repository.ts';
import { backoffSeconds, OutboxWorker } from './outbox.worker.ts';

const silent = { error: () => undefined, warn: () => undefined } as unknown as ConstructorParameters<typeof OutboxWorker>[2];

let database: Database;
let tenant: Tenant;
beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
});
afterAll(async () => {
  await database.close();
});

function mailbox(to: string) {
  return withTenant(database, tenant.id, (trx) => trx.selectFrom('dev_mailbox').selectAll().where('to_address', '=', to).execute());
}

const mailWorker = () => new OutboxWorker(database, { [MAIL_TOPIC]: createMailHandler(testConfig(), database) }, silent);

describe('outbox', () => {
  it('writes nothing when the business transaction rolls back', async () => {
    await expect(
      withTenant(database, tenant.id, async (trx) => {
        await enqueueMail(trx, tenant.id, { to: 'rollback@example.com', locale: 'de', template: 'test_mail', data: { requestedBy: 't' } });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await mailWorker().runOnce();
    expect(await mailbox('rollback@example.com')).toHaveLength(0);
  });

  it('delivers a committed mail exactly once', async () => {
    await withTenant(database, tenant.id, (trx) =>
      enqueueMail(trx, tenant.id, { to: 'commit@example.com', locale: 'en', template: 'test_mail', data: { requestedBy: 'test' } }),
    );
    const worker = mailWorker();
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    await worker.runOnce();
    const mails = await mailbox('commit@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('Test message');
  });

  it('keeps one job per idempotency key', async () => {
    for (let i = 0; i < 3; i++) {
      await withTenant(database, tenant.id, (trx) =>
        enqueueMail(trx, tenant.id, { to: 'once@example.com', locale: 'de', template: 'test_mail', data: { requestedBy: 't' } }, 'reading-42'),
      );
    }
    await mailWorker().runOnce();
    expect(await mailbox('once@example.com')).toHaveLength(1);
  });

  it('retries with backoff and ends in the visible dead state, from which it can be retried', async () => {
    await withTenant(database, tenant.id, (trx) =>
      enqueue(trx, tenant.id, { topic: 'test.flaky', payload: { n: 1 }, idempotencyKey: 'flaky-1', maxAttempts: 2 }),
    );
    let calls = 0;
    const worker = new OutboxWorker(database, { 'test.flaky': async () => { calls++; throw new Error('SMTP 451 try later'); } }, silent);
    await worker.runOnce();
    const afterFirst = await database.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', 'flaky-1').executeTakeFirstOrThrow();
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMTP 451 try later' });
    expect(afterFirst.run_at.getTime()).toBeGreaterThan(Date.now() + 5_000);

    await sql`update outbox set run_at = now() where idempotency_key = 'flaky-1'`.execute(database.db);
    await worker.runOnce();
    const dead = await listJobs(database.db, 'dead', 10);
    expect(dead.map((job) => job.topic)).toContain('test.flaky');
    expect(calls).toBe(2);

    const job = dead.find((j) => j.topic === 'test.flaky');
    expect(await retryJob(database.db, tenant.id, job?.id ?? 0)).toBe(true);
    const requeued = await database.db.selectFrom('outbox').select(['status', 'attempts']).where('idempotency_key', '=', 'flaky-1').executeTakeFirstOrThrow();
    expect(requeued).toEqual({ status: 'pending', attempts: 0 });
    await sql`update outbox set status = 'done' where idempotency_key = 'flaky-1'`.execute(database.db);
  });

  it('re-delivers a job whose worker died between sending and marking (duplicate possible, loss never)', async () => {
    await withTenant(database, tenant.id, (trx) =>
      enqueue(trx, tenant.id, { topic: 'test.crash', payload: {}, idempotencyKey: 'crash-1' }),
    );
    // A worker claims the job and dies: the row stays 'running' with a lock.
    await sql`update outbox set status = 'running', attempts = 1, locked_until = now() - interval '1 second' where idempotency_key = 'crash-1'`.execute(database.db);
    const delivered: string[] = [];
    const worker = new OutboxWorker(database, { 'test.crash': async (job) => { delivered.push(job.idempotencyKey); } }, silent);
    await worker.runOnce();
    expect(delivered).toEqual(['crash-1']);
  });

  it('backs off exponentially up to an hour', () => {
    expect(backoffSeconds(1, () => 0.5)).toBe(10);
    expect(backoffSeconds(3, () => 0.5)).toBe(40);
    expect(backoffSeconds(20, () => 0.5)).toBe(3600);
  });
});
