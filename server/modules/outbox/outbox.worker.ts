// Delivers outbox jobs: polls (and is woken after commits), retries with exponential backoff and
// jitter, and gives up into the visible 'dead' state after max_attempts.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import { claimDueJobs, markDone, markFailed, type OutboxJob } from './outbox.repository.ts';

export type OutboxHandler = (job: OutboxJob) => Promise<void>;

/** Seconds until the next attempt: 10 s, 20 s, 40 s ... capped at one hour, with ±20 % jitter. */
export function backoffSeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeRequested = false;

  private readonly database: Database;
  private readonly handlers: Record<string, OutboxHandler>;
  private readonly log: FastifyBaseLogger;
  private readonly options: { pollMs: number; batchSize?: number; lockSeconds?: number };

  constructor(
    database: Database,
    handlers: Record<string, OutboxHandler>,
    log: FastifyBaseLogger,
    options: { pollMs: number; batchSize?: number; lockSeconds?: number } = { pollMs: 1000 },
  ) {
    this.database = database;
    this.handlers = handlers;
    this.log = log;
    this.options = options;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a run soon (after a commit that enqueued something). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runUntilIdle()
        .catch((error: unknown) => this.log.error({ err: error }, 'outbox worker run failed'))
        .finally(() => {
          this.running = null;
          const again = this.wakeRequested;
          this.wakeRequested = false;
          this.schedule(again ? 0 : this.options.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  private async runUntilIdle(): Promise<void> {
    while (!this.stopped && (await this.runOnce()) > 0) {
      // keep draining
    }
  }

  /** Claims and delivers one batch; returns how many jobs it handled. */
  async runOnce(): Promise<number> {
    const jobs = await claimDueJobs(this.database.db, this.options.batchSize ?? 20, this.options.lockSeconds ?? 120);
    for (const job of jobs) await this.deliver(job);
    return jobs.length;
  }

  private async deliver(job: OutboxJob): Promise<void> {
    const handler = this.handlers[job.topic];
    try {
      if (!handler) throw new Error(`no handler for topic ${job.topic}`);
      await handler(job);
      await markDone(this.database.db, job);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await markFailed(this.database.db, job, message, backoffSeconds(job.attempts));
      const entry = { tenantId: job.tenantId, jobId: job.id, topic: job.topic, attempts: job.attempts, error: message };
      if (outcome === 'dead') this.log.error(entry, 'outbox job failed for the last time (dead)');
      else this.log.warn(entry, 'outbox job failed, will retry');
    }
  }
}
