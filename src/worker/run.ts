import { Metrics } from '../ops/metrics';
import { startOpsServer, type OpsServer } from '../ops/http-server';
import { openDashboard } from '../ops/open-dashboard';
import { readiness } from '../ops/readiness';
import { jobId } from '../queue/queues';
import { within } from '../util/within';
import { syncDigestSchedulers, syncSchedulers } from '../queue/schedule';
import type { Logger } from '../util/logger';
import { VERSION } from '../version';
import { startBanner } from './banner';
import type { RedisTarget } from './redis-target';
import type { Runtime } from './runtime';
import type { Shutdown } from './shutdown-signals';

// Jobs still running after this long on shutdown are left to BullMQ's stalled-job recovery.
const FORCE_EXIT_MS = 30_000;
const REDIS_GONE_STOP_MS = 5_000;

/**
 * The long-running worker: make the schedules match the feeds file, process every queue, and on
 * SIGINT, SIGTERM or SIGHUP let go in order.
 */
export async function runWorker(runtime: Runtime, redis: RedisTarget, log: Logger, shutdown: Shutdown): Promise<void> {
  const configured = new Set(runtime.config.feeds.sources.filter((s) => s.enabled).map((s) => s.id));
  const metrics = new Metrics({
    queues: runtime.queues,
    redisReady: () => runtime.redis.status === 'ready',
    sourceHealth: async () => (await runtime.stores.health.list()).filter((h) => configured.has(h.sourceId)),
  });
  // Up before set-up, so that a probe sees "alive, not ready" while Redis is still awaited.
  const ops = await startOps(runtime, metrics, log);
  const { env, watchlist, feeds } = runtime.config;
  const opsState = env.http.port === 'off' ? 'off' : ops && { host: ops.host, port: ops.port };
  for (const line of startBanner({ version: VERSION, watchlist, feeds, smtpConfigured: Boolean(env.smtpUrl), ops: opsState })) {
    log[line.level](line.fields, line.msg);
  }
  const setup = (async () => {
    const change = await syncSchedulers(runtime.queues.poll, runtime.config.feeds);
    const digests = await syncDigestSchedulers(runtime.queues.digest, runtime.config.watchlist.watchlist.routes);
    log.info({ sources: change.upserted.length, removed: change.removed, digest_routes: digests.upserted.length }, 'schedules in place');
    // A source never polled is polled now rather than at its first slot, up to an interval away. The
    // job id is fixed, so workers starting together add it once.
    for (const source of runtime.config.feeds.sources.filter((s) => s.enabled)) {
      if ((await runtime.stores.health.get(source.id)).lastCheckAt === undefined) {
        await runtime.queues.poll.add('poll', { sourceId: source.id }, { jobId: jobId.pollFirst(source.id) });
      }
    }
    runtime.startWorkers(metrics);
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
