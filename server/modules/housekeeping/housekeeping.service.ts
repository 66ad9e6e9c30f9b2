// Housekeeping (ADR 0028): deletes what no flow reads any more — ended sessions, expired links and
// tokens, stale throttle counters, old Idempotency-Key answers, the webhook delivery log, feed events
// every client has acknowledged, delivered outbox jobs — and audit records past the tenant's
// retention. One transaction per tenant; every run is idempotent, so two processes running it at the
// same time do no harm. Runs hourly where the outbox worker runs, and as `npm run cli -- housekeeping`.
import type { FastifyBaseLogger } from 'fastify';
import { withTenant, type Database } from '../../db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { listAllTenants, type Tenant } from '../tenants/tenants.service.ts';
import * as repo from './housekeeping.repository.ts';

const DAY_MS = 86_400_000;

/** How long each kind of row is kept after it stopped mattering (ADR 0028). */
export const RETENTION = {
  /** Ended sessions: a day, so "signed out because idle" can still be told apart from "unknown". */
  endedSessionsDays: 1,
  /** Expired one-time links: 30 days, so an old link still answers "expired" rather than "unknown". */
  expiredLinksDays: 30,
  /** Expired API tokens and passkey challenges. */
  expiredCredentialsDays: 1,
  /** Throttle counters (their window is one hour). */
  throttleDays: 1,
  /** Answers to Idempotency-Keys: a retry after a week is a new request. */
  idempotencyDays: 7,
  /** The webhook delivery log shown in the back office. */
  webhookDeliveriesDays: 90,
  /** Feed events acknowledged by every client that reads the feed. */
  acknowledgedEventsDays: 90,
  /** Feed events in any case (a client that stopped reading does not keep personal data forever). */
  eventsDays: 400,
  /** Delivered outbox jobs and the dev mailbox. */
  deliveredJobsDays: 30,
} as const;

export type HousekeepingCounts = {
  sessions: number;
  staffSessions: number;
  links: number;
  credentials: number;
  throttles: number;
  idempotencyAnswers: number;
  webhookDeliveries: number;
  feedEvents: number;
  deliveredJobs: number;
  auditRecords: number;
};

export type HousekeepingResult = { tenant: string; counts: HousekeepingCounts; total: number };

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

function yearsBefore(now: Date, years: number): Date {
  const cut = new Date(now);
  cut.setUTCFullYear(cut.getUTCFullYear() - years);
  return cut;
}

/**
 * Housekeeping of one tenant: the audit records past retention first (owner connection), then the
 * rest in one tenant transaction, recorded in the tenant's audit log when anything was deleted.
 */
export async function housekeepTenant(database: Database, tenant: Tenant, now: Date): Promise<HousekeepingResult> {
  const auditRecords = await repo.deleteAuditRecords(database.db, tenant.id, yearsBefore(now, tenant.config.retention.auditYears));
  return withTenant(database, tenant.id, async (trx) => {
    const t = tenant.id;
    // The delivery log goes before the events it names.
    const webhookDeliveries = await repo.deleteWebhookDeliveries(trx, t, daysBefore(now, RETENTION.webhookDeliveriesDays));
    const counts: HousekeepingCounts = {
      sessions: await repo.deleteEndedSessions(trx, t, daysBefore(now, RETENTION.endedSessionsDays)),
      staffSessions: await repo.deleteEndedStaffSessions(trx, t, daysBefore(now, RETENTION.endedSessionsDays)),
      links: await repo.deleteExpiredLinks(trx, t, daysBefore(now, RETENTION.expiredLinksDays)),
      credentials: await repo.deleteExpiredCredentials(trx, t, daysBefore(now, RETENTION.expiredCredentialsDays)),
      throttles: await repo.deleteStaleThrottles(trx, t, daysBefore(now, RETENTION.throttleDays), now),
      idempotencyAnswers: await repo.deleteIdempotencyAnswers(trx, t, daysBefore(now, RETENTION.idempotencyDays)),
      webhookDeliveries,
      feedEvents: await repo.deleteFeedEvents(trx, t, daysBefore(now, RETENTION.acknowledgedEventsDays), daysBefore(now, RETENTION.eventsDays)),
      deliveredJobs: await repo.deleteDeliveredJobs(trx, t, daysBefore(now, RETENTION.deliveredJobsDays)),
      auditRecords,
    };
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (total > 0) {
      await recordAudit(trx, t, { actorType: 'system', action: 'housekeeping.deleted', details: { ...counts, auditYears: tenant.config.retention.auditYears } });
    }
    return { tenant: tenant.slug, counts, total };
  });
}

/** Housekeeping of every tenant (or the given ones), one after the other. */
export async function housekeep(database: Database, now: Date, options: { tenants?: readonly Tenant[] } = {}): Promise<HousekeepingResult[]> {
  const tenants = options.tenants ?? (await listAllTenants(database.db));
  const results: HousekeepingResult[] = [];
  for (const tenant of tenants) results.push(await housekeepTenant(database, tenant, now));
  return results;
}

/** Runs housekeeping a minute after start and then every `intervalMs` (default hourly). */
export class HousekeepingSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly database: Database;
  private readonly log: FastifyBaseLogger;
  private readonly intervalMs: number;
  private readonly firstRunMs: number;

  constructor(database: Database, log: FastifyBaseLogger, options: { intervalMs?: number; firstRunMs?: number } = {}) {
    this.database = database;
    this.log = log;
    this.intervalMs = options.intervalMs ?? 3_600_000;
    this.firstRunMs = options.firstRunMs ?? 60_000;
  }

  start(): void {
    if (this.timer) return;
    this.schedule(this.firstRunMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = housekeep(this.database, new Date())
        .then((results) => {
          const deleted = results.filter((r) => r.total > 0);
          if (deleted.length > 0) this.log.info({ housekeeping: deleted }, 'housekeeping deleted expired rows');
        })
        .catch((error: unknown) => this.log.error({ err: error }, 'housekeeping failed'))
        .finally(() => {
          this.running = null;
          if (this.timer) this.schedule(this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }
}
