// The change feed (ADR 0019): database triggers notify channel `kp_changes` on commit with
// "<tenant id> <scope> <id>" for every customer, session or login whose data changed (migration
// 0012). Each process listens and keeps a counter per subject; a cache entry remembers the counter
// value from before it read the database (`mark()`) and is current while no notice for its subjects
// came after that. While the subscription is down nothing counts as current, and everything read
// before a reconnect is dropped, so a missed notice can never leave stale data behind.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export const CHANGE_CHANNEL = 'kp_changes';

/** Where the feed reports a lost subscription (the app's logger). */
export type FeedLog = { warn(details: object, message: string): void };

export type ChangeScope = 'customer' | 'session' | 'login';
export type ChangeSubject = readonly [scope: ChangeScope, id: string];

/** Subjects remembered one by one; beyond this everything before is dropped at once. */
const MAX_SUBJECTS = 100_000;
const RETRY_MS = { first: 500, max: 30_000 };
const SYNC = 'sync';
const SYNC_TIMEOUT_MS = 2_000;

export class ChangeFeed {
  private seq = 0;
  /** Anything read before this counter value is not current (start, reconnect, overflow). */
  private floor = 0;
  private live = false;
  private closed = false;
  private unsubscribe: (() => Promise<void>) | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly tenants = new Map<string, number>();
  private readonly subjects = new Map<string, number>();
  /** sync() calls waiting for their own notice, by nonce. */
  private readonly waiters = new Map<string, () => void>();

  private readonly database: Database;
  private readonly log: FeedLog;

  private constructor(database: Database, log: FeedLog) {
    this.database = database;
    this.log = log;
  }

  /** Subscribes to the feed; resolves once notices arrive (or the first attempt failed and retries). */
  static async start(database: Database, log: FeedLog): Promise<ChangeFeed> {
    const feed = new ChangeFeed(database, log);
    await feed.subscribe(RETRY_MS.first);
    return feed;
  }

  /** Whether notices are arriving; caches serve nothing while they are not. */
  get isLive(): boolean {
    return this.live;
  }

  /** Take before reading what will be cached; pass to `isCurrent` and `Cache.set`. */
  mark(): number {
    return this.seq;
  }

  /** Whether data about these subjects of the tenant, read after `mark`, is still current. */
  isCurrent(mark: number, tenantId: string, subjects: readonly ChangeSubject[]): boolean {
    if (!this.live || mark < this.floor) return false;
    if ((this.tenants.get(tenantId) ?? 0) > mark) return false;
    for (const [scope, id] of subjects) {
      if ((this.subjects.get(`${tenantId} ${scope} ${id}`) ?? 0) > mark) return false;
    }
    return true;
  }

  /**
   * Waits until the notices of everything this process committed so far have arrived: a notice of
   * our own sent now comes after them (PostgreSQL delivers notices in commit order). Called before a
   * changing request answers, so the next request of the same browser never sees the old data here.
   */
  async sync(): Promise<void> {
    if (!this.live) return;
    const nonce = randomUUID();
    const arrived = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        // Not back in time: take nothing cached before as current.
        this.waiters.delete(nonce);
        this.floor = ++this.seq;
        resolve();
      }, SYNC_TIMEOUT_MS);
      this.waiters.set(nonce, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${`${SYNC} ${nonce}`})`.execute(this.database.db);
    } catch (error) {
      this.waiters.get(nonce)?.();
      this.waiters.delete(nonce);
      this.floor = ++this.seq;
      throw error;
    }
    await arrived;
  }

  /** Applies one notice "<tenant id> <scope> <id>" (also used directly by tests). */
  notice(payload: string): void {
    if (payload.startsWith(`${SYNC} `)) {
      const nonce = payload.slice(SYNC.length + 1);
      const waiter = this.waiters.get(nonce);
      this.waiters.delete(nonce);
      waiter?.();
      return;
    }
    const [tenantId, scope, id] = payload.split(' ');
    if (!tenantId || !scope || !id) {
      this.floor = ++this.seq;
      return;
    }
    if (scope === 'tenant') {
      this.tenants.set(tenantId, ++this.seq);
      return;
    }
    if (this.subjects.size >= MAX_SUBJECTS) {
      this.subjects.clear();
      this.floor = ++this.seq;
      return;
    }
    this.subjects.set(payload, ++this.seq);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.();
  }

  private async subscribe(retryMs: number): Promise<void> {
    try {
      this.unsubscribe = await this.database.listen(
        CHANGE_CHANNEL,
        (payload) => this.notice(payload),
        (error) => this.lost(error),
      );
      if (this.closed) {
        await this.unsubscribe();
        return;
      }
      this.floor = ++this.seq;
      this.live = true;
    } catch (error) {
      this.log.warn({ err: error }, 'change feed: cannot listen for changes; caches are off until it can');
      this.retry(retryMs);
    }
  }

  private lost(error: Error): void {
    this.live = false;
    for (const waiter of this.waiters.values()) waiter();
    this.waiters.clear();
    this.floor = ++this.seq;
    this.unsubscribe = null;
    if (this.closed) return;
    this.log.warn({ err: error }, 'change feed: lost the subscription; caches are off until it is back');
    this.retry(RETRY_MS.first);
  }

  private retry(ms: number): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.subscribe(Math.min(ms * 2, RETRY_MS.max));
    }, ms);
    this.retryTimer.unref();
  }
}

type Entry<V> = { mark: number; tenantId: string; subjects: readonly ChangeSubject[]; value: V };

/** A bounded map whose entries count only while the change feed says their subjects did not change. */
export class CurrentCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  private readonly feed: ChangeFeed;
  private readonly maxEntries: number;

  constructor(feed: ChangeFeed, maxEntries: number) {
    this.feed = feed;
    this.maxEntries = maxEntries;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (!this.feed.isCurrent(entry.mark, entry.tenantId, entry.subjects)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores a value read after `mark`, unless one of its subjects changed meanwhile. */
  set(key: string, mark: number, tenantId: string, subjects: readonly ChangeSubject[], value: V): void {
    if (!this.feed.isCurrent(mark, tenantId, subjects)) return;
    this.entries.delete(key);
    this.entries.set(key, { mark, tenantId, subjects, value });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
