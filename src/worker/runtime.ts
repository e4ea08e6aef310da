import type { JobsOptions, Worker } from 'bullmq';
import { createMailer, type Mailer } from '../alerts/channels/mailer';
import { DEFAULT_MESSAGE_ID_DOMAIN } from '../alerts/render/email';
import type { DeliveryOutcome, DeliveryStageDeps } from '../pipeline/deliver-alert';
import type { DigestOutcome } from '../pipeline/send-digest';
import { sourceHealthAlert } from '../alerts/source-health-alert';
import type { AppEnv } from '../config/env';
import { parseDuration, type FeedsConfig } from '../config/feeds-schema';
import type { LoadedWatchlist } from '../config/load-watchlist';
import { sourceNames } from '../config/source-names';
import { LiveConfig, type ConfigSnapshot } from '../config/live-config';
import { compileWatchlist } from '../matching/compile';
import { articleCompleter } from '../pipeline/complete-article';
import { dispatchAlert, type DispatchDeps } from '../pipeline/dispatch-alert';
import type { ArticleOutcome, ArticleStageDeps } from '../pipeline/process-article';
import type { RefreshOutcome, SourceStageDeps } from '../pipeline/refresh-source';
import type { ReplayDeps } from '../pipeline/replay-articles';
import { closeQueues, createQueues, jobId, QUEUE, type QueueName, type Queues } from '../queue/queues';
import { RedisConnections, type RedisClient } from '../queue/redis';
import { redisConfigFor } from './redis-target';
import { articleProcessor, deliverProcessor, digestProcessor, pollProcessor, replayProcessor, startWorker, type Recovery } from '../queue/workers';
import { FETCH_DEFAULTS, userAgentFor } from '../sources/http-client';
import { pollSource } from '../sources/poll-source';
import { createStores, keysFor, STORE_DEFAULTS, type Stores } from '../store';
import { HostLimiter } from '../util/host-limiter';
import type { Logger } from '../util/logger';
import { VERSION } from '../version';
import { killPointFrom, type KillPoint } from './kill-point';
import type { Metrics } from '../ops/metrics';
import type { ConfigSummary } from '../ops/readiness';

export interface RuntimeConfig {
  env: AppEnv;
  watchlist: LoadedWatchlist;
  feeds: FeedsConfig;
  redisUrl: string;
  log: Logger;
  /** The files' hash (config/config-version.ts), shown by /readyz. */
  configVersion?: string;
  /** Told when a listener of the live configuration fails (it never undoes a reload); logged by default. */
  onListenerError?: (err: unknown) => void;
  /** Job option overrides per queue (tests shorten the delivery back-off). */
  jobOptions?: Partial<Record<QueueName, JobsOptions>>;
}

/** What the stages are handed for one snapshot of the configuration. */
interface StageDeps {
  source: SourceStageDeps;
  article: ArticleStageDeps;
  delivery: DeliveryStageDeps;
}

/**
 * Everything a worker process holds: configuration, Redis connections, stores, queues and workers,
 * and the order in which to let go of them. Queue wiring lives here and in queue/; the stages know
 * nothing of BullMQ. The watchlist and feeds are read from `live` at the start of each job, so a
 * reload (worker/live-reload.ts) applies from the next job; `config` keeps what the process started on.
 */
export class Runtime {
  readonly conns: RedisConnections;
  readonly queues: Queues;
  readonly stores: Stores;
  /**
   * The configuration in force. Whatever must follow a reload subscribes with
   * `live.onChange((previous, next) => …)`: replaying recent articles when `next` watches for more,
   * for one.
   */
  readonly live: LiveConfig;
  /** The connection the stores use; also what readiness pings. */
  readonly redis: RedisClient;
  private readonly workers: Worker[] = [];
  private mailer: Mailer | undefined;
  // One set of stage deps per snapshot, built on first use: jobs on the same snapshot share them.
  private readonly deps = new WeakMap<ConfigSnapshot, StageDeps>();
  // Across snapshots, so that a reload does not briefly double the requests to one host.
  private readonly pageLimiter = new HostLimiter(2);
  private readonly killPoint: KillPoint | undefined;
  private stopped = false;

  constructor(readonly config: RuntimeConfig) {
    this.conns = new RedisConnections(redisConfigFor(config.env, config.redisUrl));
    const retry = { deliver: { backoff: { type: 'exponential', delay: config.env.deliveryRetryMs } } };
    this.queues = createQueues(this.conns, { ...retry, ...config.jobOptions });
    this.redis = this.conns.create();
    this.stores = createStores(this.redis, keysFor(this.conns.config), { ...STORE_DEFAULTS, replayWindowMs: config.env.replayWindowMs });
    const initial: ConfigSnapshot = {
      watchlist: config.watchlist,
      feeds: config.feeds,
      compiled: compileWatchlist(config.watchlist.watchlist),
      version: config.configVersion ?? 'unknown',
      loadedAt: new Date().toISOString(),
    };
    this.live = new LiveConfig(
      initial,
      config.onListenerError ??
        ((err) => config.log.error({ error: (err as Error).message }, 'a listener of configuration changes failed; the new configuration stays')),
    );
    this.killPoint = killPointFrom(config.env.killAt);
    this.conns.watch(config.log);
    for (const [name, queue] of Object.entries(this.queues)) queue.on('error', (err) => this.conns.report(err, { queue: name }));
  }

  /** The fault-test hook, when EXILEWATCH_KILL_AT sets one. */
  private kill(): { killPoint?: KillPoint } {
    return this.killPoint ? { killPoint: this.killPoint } : {};
  }

  /** The stages' deps for the configuration in force now; a job takes them once, at its start. */
  stageDeps(): StageDeps {
    const snapshot = this.live.current();
    let deps = this.deps.get(snapshot);
    if (!deps) {
      deps = { source: this.sourceDeps(snapshot), article: this.articleDeps(snapshot), delivery: this.deliveryDeps(snapshot) };
      this.deps.set(snapshot, deps);
    }
    return deps;
  }

  private dispatchDeps(snapshot: ConfigSnapshot): DispatchDeps {
    const { watchlist } = snapshot.watchlist;
    return {
      routes: watchlist.routes,
      alerts: this.stores.alerts,
      suppression: this.stores.suppression,
      suppressionSeconds: parseDuration(watchlist.settings.suppressionWindow) / 1000,
      enqueueDelivery: async (alertId, routeId) => {
        await this.queues.deliver.add('deliver', { alertId, routeId }, { jobId: jobId.deliver(alertId, routeId) });
      },
      addToDigest: async (alertId, routeId) => {
        await this.stores.digests.add(routeId, alertId, Date.now());
      },
      now: () => Date.now(),
      ...this.kill(),
    };
  }

  private readonly fetchOptions = { ...FETCH_DEFAULTS, userAgent: userAgentFor(VERSION) };

  private sourceDeps(snapshot: ConfigSnapshot): SourceStageDeps {
    const { log } = this.config;
    const { feeds } = snapshot;
    const { fetchOptions } = this;
    const dispatch = this.dispatchDeps(snapshot);
    return {
      feeds,
      stores: this.stores,
      poll: (source, state) => pollSource(source, state, { fetchOptions }),
      // A poll killed between claiming an article and queueing it is taken over once its lock lapses;
      // by then the claim must have lapsed too, so the retry can queue the article.
      claimLeaseSeconds: Math.max(1, Math.ceil(this.config.env.jobLockMs / 1000)),
      enqueueArticles: async (articleIds, sourceId) => {
        if (articleIds.length === 0) return;
        await this.queues.article.addBulk(
          articleIds.map((articleId) => ({ name: 'article', data: { articleId, sourceId }, opts: { jobId: jobId.article(articleId) } })),
        );
        // Marking seen follows: on a cluster the bodies and jobs must outlive a failover before it does.
        await this.conns.replicated();
      },
      reportSourceHealth: async (health, reason) => {
        const route = feeds.defaults.healthRoute;
        const source = feeds.sources.find((s) => s.id === health.sourceId);
        log.error({ source_id: health.sourceId, reason, failures: health.consecutiveFailures, error_kind: health.lastErrorKind }, `source ${reason}`);
        if (route && source) await dispatchAlert(sourceHealthAlert(health, source.url, reason, route, Date.now()), dispatch);
      },
      log,
      now: () => Date.now(),
      ...this.kill(),
    };
  }

  private articleDeps(snapshot: ConfigSnapshot): ArticleStageDeps {
    const { log } = this.config;
    return {
      ...this.dispatchDeps(snapshot),
      compiled: snapshot.compiled,
      articles: this.stores.articles,
      completeArticle: articleCompleter(snapshot.feeds, this.fetchOptions, this.pageLimiter, log),
      keepForReplay: (article, discoveredAt) => this.stores.replay.keep(article, discoveredAt),
      log,
    };
  }

  /** The replay stage's deps: the article stage's matching and dispatch, on the text kept for replay. */
  replayDeps(): ReplayDeps {
    const snapshot = this.live.current();
    return { ...this.dispatchDeps(snapshot), compiled: snapshot.compiled, replay: this.stores.replay, log: this.config.log };
  }

  /**
   * Asks for one replay of the articles kept since `since` (epoch ms), by whichever worker runs this
   * configuration: every worker asking for the same version asks for the same job. The job id, or
   * undefined when no text is kept (EXILEWATCH_REPLAY_WINDOW=off).
   */
  async requestReplay(since: number, reason: string): Promise<string | undefined> {
    if (!this.stores.replay.enabled) return undefined;
    // Checked here, where the caller can hear it, rather than when a worker picks the job up.
    if (!/^[a-z0-9-]{1,40}$/.test(reason)) throw new Error(`replay reason "${reason}": a word or two in lower case, such as watchlist-gained`);
    const configVersion = this.live.current().version;
    const id = jobId.replay(configVersion);
    await this.queues.replay.add('replay', { since: Math.max(0, Math.floor(since)), configVersion, reason }, { jobId: id });
    this.config.log.info({ job_id: id, reason, since: new Date(since).toISOString() }, 'replay requested');
    return id;
  }

  private deliveryDeps(snapshot: ConfigSnapshot): DeliveryStageDeps {
    const { env, log } = this.config;
    if (env.smtpUrl && !this.mailer) {
      this.mailer = createMailer({ smtpUrl: env.smtpUrl, from: env.mailFrom, ...(env.mailReplyTo ? { replyTo: env.mailReplyTo } : {}) });
    }
    const deps: DeliveryStageDeps = {
      watchlist: snapshot.watchlist.watchlist,
      sourceNames: sourceNames(snapshot.feeds),
      alerts: this.stores.alerts,
      pacer: this.stores.pacer,
      messageIdDomain: DEFAULT_MESSAGE_ID_DOMAIN,
      log,
      now: () => Date.now(),
      ...this.kill(),
    };
    if (this.mailer) deps.mailer = this.mailer;
    return deps;
  }

  /** What is loaded, in counts: never a name. */
  configSummary(): ConfigSummary {
    const snapshot = this.live.current();
    const { watchlist } = snapshot.watchlist;
    const reload = this.live.lastReload();
    return {
      version: snapshot.version,
      loadedAt: snapshot.loadedAt,
      people: watchlist.people.length,
      signals: watchlist.signals.length,
      routes: watchlist.routes.length,
      sources: snapshot.feeds.sources.filter((s) => s.enabled).length,
      ...(reload
        ? { lastReload: reload.outcome === 'ok' ? { outcome: 'ok', at: reload.at } : { outcome: 'failed', at: reload.at, errors: reload.errors } }
        : {}),
    };
  }

  /** True once every queue has a worker, until stop. */
  get running(): boolean {
    return this.workers.length > 0 && !this.stopped;
  }

  startWorkers(metrics?: Metrics): void {
    if (this.stopped) return;
    const { log } = this.config;
    // Every stage's jobs are taken over as soon after a crash as the job lock allows.
    const recovery: Recovery = { lockDurationMs: this.config.env.jobLockMs, stalledIntervalMs: Math.min(30_000, Math.ceil(this.config.env.jobLockMs / 2)) };
    const poller = startWorker(
      QUEUE.poll,
      pollProcessor(() => this.stageDeps().source),
      this.conns,
      log,
      4,
      recovery,
    );
    const matcher = startWorker(
      QUEUE.article,
      articleProcessor(() => this.stageDeps().article),
      this.conns,
      log,
      4,
      recovery,
    );
    this.workers.push(poller, matcher);
    const delivery = () => this.stageDeps().delivery;
    const deliverer = startWorker(QUEUE.deliver, deliverProcessor(delivery), this.conns, log, 4, recovery);
    const digester = startWorker(
      QUEUE.digest,
      digestProcessor(() => ({ ...delivery(), digests: this.stores.digests })),
      this.conns,
      log,
      1,
      recovery,
    );
    if (metrics) {
      const channelOf = (job: { data: unknown } | undefined) => {
        const routeId = (job?.data as { routeId?: unknown } | undefined)?.routeId;
        return this.live.current().watchlist.watchlist.routes.find((r) => r.id === routeId)?.kind ?? 'unknown';
      };
      const finalFailure = (job: { attemptsMade: number; opts: { attempts?: number } } | undefined, err: Error) =>
        err.name === 'UnrecoverableError' || !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      poller.on('completed', (_job, result: RefreshOutcome) => metrics.pollDone(result));
      poller.on('failed', (_job, err) => metrics.pollFailed(err));
      matcher.on('completed', (_job, result: ArticleOutcome) => metrics.articleDone(result));
      matcher.on('failed', () => metrics.articleFailed());
      deliverer.on('completed', (job, result: DeliveryOutcome) => metrics.delivered(result.channel ?? channelOf(job), result.state, result.discoveredAt));
      deliverer.on('failed', (job, err) => metrics.delivered(channelOf(job), finalFailure(job, err) ? 'failed' : 'retry'));
      digester.on('completed', (_job, result: DigestOutcome) => metrics.delivered('digest', result.state));
      digester.on('failed', (job, err) => metrics.delivered('digest', finalFailure(job, err) ? 'failed' : 'retry'));
    }
    // A delivery that ends failed without its processor saying so (its stalls ran out, its payload was
    // unreadable) is recorded too, so that `alerts list` and `status` agree.
    deliverer.on('failed', (job, err) => {
      const data = job?.data as { alertId?: unknown; routeId?: unknown } | undefined;
      if (!job || typeof data?.alertId !== 'string' || typeof data.routeId !== 'string') return;
      if (err.name !== 'UnrecoverableError' && job.attemptsMade < (job.opts.attempts ?? 1)) return;
      void this.stores.alerts
        .setDelivery(data.alertId, data.routeId, { state: 'failed', at: Date.now(), attempts: job.attemptsMade, error: err.message })
        .catch(() => undefined);
    });
    this.workers.push(deliverer, digester);
    const replayer = startWorker(
      QUEUE.replay,
      replayProcessor(
        () => this.replayDeps(),
        () => this.live.current().version,
      ),
      this.conns,
      log,
      1,
      recovery,
    );
    this.workers.push(replayer);
  }

  /**
   * Ordered shutdown: workers finish the jobs they hold (none is lost or half-done; an unfinished one
   * goes back to the queue when its lock expires), then queues and connections close.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.redis.status !== 'ready' && this.workers.length > 0) {
      // Nothing can be finished or handed back without Redis: waiting would only end in the forced exit.
      this.config.log.warn('Redis is unreachable: stopping without finishing the jobs in hand (they go back to the queue when their locks expire)');
      this.conns.disconnectAll();
      await Promise.all(this.workers.splice(0).map((w) => w.close(true)));
    }
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
    await closeQueues(this.queues);
    this.mailer?.close();
    await this.conns.closeAll();
  }
}
