import { Metrics } from '../ops/metrics';
import { startOpsServer, type OpsServer } from '../ops/http-server';
import { openDashboard } from '../ops/open-dashboard';
import { readiness } from '../ops/readiness';
import type { ConfigPaths } from '../config/load-config';
import { within } from '../util/within';
import type { Logger } from '../util/logger';
import { VERSION } from '../version';
import { startBanner } from './banner';
import type { RedisTarget } from './redis-target';
import { startLiveReload, type LiveReload } from './live-reload';
import type { Runtime } from './runtime';
import { applySchedules } from './schedules';
import type { Shutdown } from './shutdown-signals';

// Jobs still running after this long on shutdown are left to BullMQ's stalled-job recovery.
const FORCE_EXIT_MS = 30_000;
const REDIS_GONE_STOP_MS = 5_000;

export interface RunOptions {
  /** The files to reload from; without them the configuration stays as started. */
  paths?: ConfigPaths;
  /** Watch those files (default); false reloads only on `exilewatch reload`. */
  watch?: boolean;
}

/**
 * The long-running worker: make the schedules match the feeds file, process every queue, follow
 * changes to the configuration files, and on SIGINT, SIGTERM or SIGHUP let go in order. SIGHUP is
 * a hang-up (the terminal closed), not a reload: `exilewatch reload` is.
 */
export async function runWorker(runtime: Runtime, redis: RedisTarget, log: Logger, shutdown: Shutdown, options: RunOptions = {}): Promise<void> {
  const configured = () =>
    new Set(
      runtime.live
        .current()
        .feeds.sources.filter((s) => s.enabled)
        .map((s) => s.id),
    );
  const metrics = new Metrics({
    queues: runtime.queues,
    redisReady: () => runtime.redis.status === 'ready',
    sourceHealth: async () => {
      const ids = configured();
      return (await runtime.stores.health.list()).filter((h) => ids.has(h.sourceId));
    },
    config: () => runtime.configSummary(),
  });
  // Up before set-up, so that a probe sees "alive, not ready" while Redis is still awaited.
  const ops = await startOps(runtime, metrics, log);
  const { env, watchlist, feeds } = runtime.config;
  const opsState = env.http.port === 'off' ? 'off' : ops && { host: ops.host, port: ops.port };
  for (const line of startBanner({ version: VERSION, watchlist, feeds, smtpConfigured: Boolean(env.smtpUrl), ops: opsState })) {
    log[line.level](line.fields, line.msg);
  }
  let reloading: LiveReload | undefined;
  const setup = (async () => {
    await applySchedules(runtime.queues, runtime.stores, runtime.live.current(), log);
    runtime.startWorkers(metrics);
    if (options.paths && runtime.running) reloading = await startLiveReload(runtime, { paths: options.paths, watch: options.watch !== false, log, metrics });
    log.info({ redis_embedded: Boolean(redis.embedded) }, 'worker started');
  })();
  // A signal during set-up (Redis slow to answer) stops without waiting for it to finish.
  const early = await Promise.race([setup.then(() => undefined), shutdown.requested]);
  if (early) setup.catch(() => undefined);
  else await shutdown.requested;
  const force = setTimeout(() => {
    log.error('shutdown took too long; exiting (unfinished jobs go back to the queue when their locks expire)');
    process.exit(1);
  }, FORCE_EXIT_MS);
  force.unref();
  // With Redis gone nothing can be finished or handed back, and closing connections that keep
  // reconnecting can take as long as the outage: give it a moment, then leave.
  const redisGone = runtime.redis.status !== 'ready';
  try {
    // No reload may start while the workers let go; this worker's record goes with it.
    await reloading?.close();
    const stopping = runtime.stop();
    await (redisGone ? within(REDIS_GONE_STOP_MS, stopping) : stopping);
  } catch (err) {
    log.error({ error: (err as Error).message }, 'error during shutdown');
  }
  await ops?.close();
  // Redis last: the workers finishing their jobs needed it until now.
  await redis.embedded?.stop();
  clearTimeout(force);
  log.info('stopped');
  if (redisGone) setTimeout(() => process.exit(0), 200).unref();
}

function startOps(runtime: Runtime, metrics: Metrics, log: Logger): Promise<OpsServer | undefined> {
  const { http } = runtime.config.env;
  if (http.port === 'off') return Promise.resolve(undefined);
  const started = Date.now();
  return startOpsServer(
    { port: http.port, host: http.host },
    {
      healthz: () => ({ status: 'alive', uptime_seconds: Math.round((Date.now() - started) / 1000) }),
      readyz: () => readiness({ redis: runtime.redis, running: runtime.running, config: runtime.configSummary() }),
      metrics: () => metrics.render(),
      dashboard: openDashboard(http, runtime.queues, log),
    },
    log,
  );
}
