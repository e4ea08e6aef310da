import type { RedisClient } from '../queue/redis';
import type { Alert } from '../alerts/alert';
import type { Article } from '../articles/article';
import type { Keys } from './keys';

/** What delivery needs to render an alert without the article body: kept with the alert. */
export type ArticleSummary = Pick<Article, 'id' | 'sourceId' | 'url' | 'title' | 'publishedAt'>;

export interface AlertRecord {
  alert: Alert;
  article: ArticleSummary;
  createdAt: number;
  /** When a poll first saw the article (epoch ms); absent on alerts recorded by older versions. */
  discoveredAt?: number;
  /** Other sources that carried the same story inside the suppression window. */
  alsoReportedBy?: Array<{ sourceId: string; url: string }>;
  /** The earlier alert this one follows up (same person and signal), when it had already gone out. */
  followUpOf?: string;
}

/**
 * `sending` is set before a delivery reads the alert to render it: from then on a report of the same
 * story can no longer be folded into the message, and becomes a follow-up instead (dispatch-alert.ts).
 */
export type DeliveryState = 'queued' | 'digest' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface DeliveryOutcome {
  state: DeliveryState;
  at: number;
  attempts?: number;
  error?: string;
}

const HISTORY_LIMIT = 10_000;
const RECORD_TTL_SECONDS = 90 * 24 * 3600;

/** Alerts and their delivery outcome per route; the history is bounded by count and by age. */
export class AlertStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** Saves an alert once; false when it was already saved (the same news seen again). */
  async create(record: AlertRecord): Promise<boolean> {
    // The history entry first: a crash before the record is written leaves an id that `list` skips
    // until the retried job writes it. The other order could leave a record `alerts list` never shows.
    await this.redis
      .multi()
      .zadd(this.keys.alertHistory(), 'NX', record.createdAt, record.alert.id)
      .zremrangebyrank(this.keys.alertHistory(), 0, -HISTORY_LIMIT - 1)
      .exec();
    const created = await this.redis.set(this.keys.alert(record.alert.id), JSON.stringify(record), 'EX', RECORD_TTL_SECONDS, 'NX');
    return created !== null;
  }

  /**
   * Adds a source that carried the same story. One ZADD per report, so two reports folded in at the
   * same moment both stay (a read-modify-write of the record would keep only one).
   */
  async addAlsoReported(alertId: string, by: { sourceId: string; url: string }, at: number): Promise<void> {
    const key = this.keys.alsoReported(alertId);
    await this.redis
      .multi()
      .zadd(key, 'NX', at, JSON.stringify({ sourceId: by.sourceId, url: by.url }))
      .expire(key, RECORD_TTL_SECONDS)
      .exec();
  }

  async get(alertId: string): Promise<AlertRecord | undefined> {
    const [[, raw], [, also]] = (await this.redis.multi().get(this.keys.alert(alertId)).zrange(this.keys.alsoReported(alertId), '0', '-1').exec()) as [
      [Error | null, string | null],
      [Error | null, string[]],
    ];
    if (!raw) return undefined;
    const record = JSON.parse(raw) as AlertRecord;
    if (also.length === 0) return record;
    const merged = [...(record.alsoReportedBy ?? [])];
    for (const entry of also.map((a) => JSON.parse(a) as { sourceId: string; url: string })) {
      if (!merged.some((m) => m.url === entry.url)) merged.push(entry);
    }
    return { ...record, alsoReportedBy: merged };
  }

  async setDelivery(alertId: string, routeId: string, outcome: DeliveryOutcome): Promise<void> {
    const key = this.keys.deliveries(alertId);
    await this.redis.multi().hset(key, routeId, JSON.stringify(outcome)).expire(key, RECORD_TTL_SECONDS).exec();
  }

  /** Records a route's first state unless it already has one: a late "queued" never hides a "sent". */
  async initDelivery(alertId: string, routeId: string, outcome: DeliveryOutcome): Promise<void> {
    const key = this.keys.deliveries(alertId);
    await this.redis.multi().hsetnx(key, routeId, JSON.stringify(outcome)).expire(key, RECORD_TTL_SECONDS).exec();
  }

  async deliveries(alertId: string): Promise<Record<string, DeliveryOutcome>> {
    const raw = await this.redis.hgetall(this.keys.deliveries(alertId));
    return Object.fromEntries(Object.entries(raw).map(([route, v]) => [route, JSON.parse(v) as DeliveryOutcome]));
  }

  /** Alerts newest first, optionally only those created since a time; `offset` skips that many of the newest. */
  async list(opts: { since?: number; limit?: number; offset?: number } = {}): Promise<AlertRecord[]> {
    const ids = await this.redis.zrevrangebyscore(this.keys.alertHistory(), '+inf', opts.since ?? '-inf', 'LIMIT', opts.offset ?? 0, opts.limit ?? 100);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is AlertRecord => r !== undefined);
  }
}
