import { jobId } from '../queue/queues';
import { syncDigestSchedulers, syncSchedulers } from '../queue/schedule';
import type { Logger } from '../util/logger';
import type { RedisTarget } from './redis-target';
import type { Runtime } from './runtime';
import type { Shutdown } from './shutdown-signals';

// Jobs still running after this long on shutdown are left to BullMQ's stalled-job recovery.
const FORCE_EXIT_MS = 30_000;

/**
 * The long-running worker: make the schedules match the feeds file, process every queue, and on
 * SIGINT, SIGTERM or SIGHUP let go in order.
 */
export async function runWorker(runtime: Runtime, redis: RedisTarget, log: Logger, shutdown: Shutdown): Promise<void> {
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
    runtime.startWorkers();
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
  try {
    await runtime.stop();
  } catch (err) {
    log.error({ error: (err as Error).message }, 'error during shutdown');
  }
  // Redis last: the workers finishing their jobs needed it until now.
  await redis.embedded?.stop();
  clearTimeout(force);
  log.info('stopped');
}
