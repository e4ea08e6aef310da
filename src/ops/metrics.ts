import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { RefreshOutcome } from '../pipeline/refresh-source';
import type { ArticleOutcome } from '../pipeline/process-article';
import type { SourceHealth } from '../sources/source-health';
import type { ConfigSummary } from './readiness';
import { within } from '../util/within';

/** Queue states worth a number on a dashboard; "completed" grows without meaning and is left out. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

// From seconds (a delivery in the same poll) to a day (a route down overnight).
const LATENCY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

const SCRAPE_REDIS_MS = 2000;

export interface MetricSources {
  queues: Record<string, Queue>;
  /** Whether the connection to Redis is ready now: nothing is read from it otherwise. */
  redisReady: () => boolean;
  /** The health of every configured source. */
  sourceHealth: () => Promise<SourceHealth[]>;
  /** The configuration in force and the last reload, read at each scrape. */
  config?: () => ConfigSummary;
}

/**
 * What one worker process has done, in Prometheus's format. Counters are per process (Prometheus adds
 * up several workers); queue depths are read from Redis at each scrape, so every worker reports the
 * same numbers for them. No label ever carries a watched person: only sources, queues, severities,
 * channels and outcomes.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly polls = new Counter({
    name: 'exilewatch_polls_total',
    help: 'Source polls by outcome (ok, not-modified, failed, backing-off, unknown-source, error) and error kind',
    labelNames: ['outcome', 'error_kind'] as const,
    registers: [this.registry],
  });
  private readonly discovered = new Counter({
    name: 'exilewatch_articles_discovered_total',
    help: 'Articles seen for the first time and queued for matching',
    registers: [this.registry],
  });
  private readonly articles = new Counter({
    name: 'exilewatch_articles_processed_total',
    help: 'Articles matched against the watchlist, by outcome (matched, expired, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly matched = new Counter({
    name: 'exilewatch_article_matches_total',
    help: 'Matched articles by the highest severity of the rules they fired (none when no rule fired)',
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });
  private readonly alerts = new Counter({
    name: 'exilewatch_alerts_total',
    help: 'New alerts raised, by severity',
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'exilewatch_deliveries_total',
    help: 'Delivery attempts by channel (email, slack, webhook, digest) and outcome (sent, skipped, empty, retry, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'exilewatch_discovery_to_delivery_seconds',
    help: "Time from an article's discovery by a poll to its alert's delivery, by channel",
    labelNames: ['channel'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly reloads = new Counter({
    name: 'exilewatch_config_reloads_total',
    help: 'Reloads of the watchlist and feeds files by outcome: ok (applied, or the files had not changed) or failed (refused, the last good configuration kept)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    const { queues, redisReady, sourceHealth, config } = sources;
    collectDefaultMetrics({ register: this.registry, prefix: 'exilewatch_' });
    // Zeros from the start, so that a rate() or an alerting rule has a series before the first event.
    for (const severity of ['critical', 'high', 'medium', 'low']) this.alerts.inc({ severity }, 0);
    for (const outcome of ['matched', 'expired', 'error']) this.articles.inc({ outcome }, 0);
    for (const outcome of ['ok', 'failed']) this.reloads.inc({ outcome }, 0);
    if (config) {
      new Gauge({
        name: 'exilewatch_config_info',
        help: 'Always 1; its version label is the configuration in force (a hash of the two files, the same on every worker that loaded them)',
        labelNames: ['version'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          this.set({ version: config().version }, 1);
        },
      });
      new Gauge({
        name: 'exilewatch_config_loaded_timestamp_seconds',
        help: 'When the configuration in force was loaded (Unix time)',
        registers: [this.registry],
        collect() {
          this.set(Math.floor(Date.parse(config().loadedAt) / 1000));
        },
      });
      new Gauge({
        name: 'exilewatch_config_last_reload_success',
        help: '0 when the last reload was refused (the files are invalid, the last good configuration runs), else 1',
        registers: [this.registry],
        collect() {
          this.set(config().lastReload?.outcome === 'failed' ? 0 : 1);
        },
      });
    }
    const entries = Object.entries(queues);
    // Both source gauges come from one read of the health records per scrape.
    let healthRead: { at: number; list: Promise<SourceHealth[] | undefined> } | undefined;
    const health = () => {
      if (!healthRead || Date.now() - healthRead.at > 1000) {
        healthRead = {
          at: Date.now(),
          list: redisReady()
            ? within(
                SCRAPE_REDIS_MS,
                sourceHealth().catch(() => undefined),
              )
            : Promise.resolve(undefined),
        };
      }
      return healthRead.list;
    };
    // During an outage the queue numbers are left out rather than waited for: a scrape must not hang.
    new Gauge({
      name: 'exilewatch_redis_up',
      help: '1 while the connection to Redis is ready, 0 while it is lost',
      registers: [this.registry],
      collect() {
        this.set(redisReady() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'exilewatch_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        if (!redisReady()) return this.reset();
        const counts = await within(SCRAPE_REDIS_MS, Promise.all(entries.map(([, q]) => q.getJobCounts(...QUEUE_STATES))));
        if (!counts) return this.reset();
        entries.forEach(([name], i) => {
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[i]![state] ?? 0);
        });
      },
    });
    new Gauge({
      name: 'exilewatch_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting in each queue (0 when none waits)',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        if (!redisReady()) return this.reset();
        const oldest = await within(SCRAPE_REDIS_MS, Promise.all(entries.map(([, q]) => q.getJobs(['wait'], 0, 0, true))));
        if (!oldest) return this.reset();
        const now = Date.now();
        entries.forEach(([name], i) => {
          const job = oldest[i]![0];
          this.set({ queue: name }, job ? Math.max(0, (now - job.timestamp) / 1000) : 0);
        });
      },
    });
    new Gauge({
      name: 'exilewatch_source_consecutive_failures',
      help: 'Failed polls in a row, per source (0 after a success)',
      labelNames: ['source'] as const,
      registers: [this.registry],
      async collect() {
        const list = await health();
        this.reset();
        for (const h of list ?? []) this.set({ source: h.sourceId }, h.consecutiveFailures);
      },
    });
    new Gauge({
      name: 'exilewatch_source_last_success_timestamp_seconds',
      help: 'When each source was last polled successfully (Unix time; absent before its first success)',
      labelNames: ['source'] as const,
      registers: [this.registry],
      async collect() {
        const list = await health();
        this.reset();
        for (const h of list ?? []) if (h.lastSuccessAt !== undefined) this.set({ source: h.sourceId }, Math.floor(h.lastSuccessAt / 1000));
      },
    });
  }

  pollDone(result: RefreshOutcome): void {
    this.polls.inc({ outcome: result.outcome, error_kind: result.errorKind ?? '' });
    this.discovered.inc(result.newArticles.length);
  }

  pollFailed(err: Error): void {
    this.polls.inc({ outcome: 'error', error_kind: err.name });
  }

  articleDone(result: ArticleOutcome): void {
    this.articles.inc({ outcome: result.outcome });
    if (result.outcome !== 'matched') return;
    this.matched.inc({ severity: result.highest ?? 'none' });
    for (const severity of result.raised) this.alerts.inc({ severity });
  }

  articleFailed(): void {
    this.articles.inc({ outcome: 'error' });
  }

  /** One finished delivery; `discoveredAt` (epoch ms) is known for single alerts, not for digests. */
  delivered(channel: string, outcome: string, discoveredAt?: number): void {
    this.deliveries.inc({ channel, outcome });
    if (outcome === 'sent' && discoveredAt !== undefined) this.latency.observe({ channel }, Math.max(0, (Date.now() - discoveredAt) / 1000));
  }

  reloaded(outcome: 'ok' | 'failed'): void {
    this.reloads.inc({ outcome });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
