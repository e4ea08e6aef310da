import type { ConfigSnapshot } from '../config/live-config';
import { jobId, type Queues } from '../queue/queues';
import { syncDigestSchedulers, syncSchedulers } from '../queue/schedule';
import type { Stores } from '../store';
import type { Logger } from '../util/logger';

/**
 * Makes the job schedulers follow a configuration: one per enabled source at its interval, one per
 * digest route, none for what was removed; and a source never polled is polled now rather than at
 * its first slot, up to an interval away. Run at start-up and after every reload; every worker may
 * run it, since each scheduler and first poll has a fixed id.
 */
export async function applySchedules(queues: Queues, stores: Stores, config: ConfigSnapshot, log: Logger): Promise<void> {
  const change = await syncSchedulers(queues.poll, config.feeds);
  const digests = await syncDigestSchedulers(queues.digest, config.watchlist.watchlist.routes);
  log.info({ sources: change.upserted.length, removed: change.removed, digest_routes: digests.upserted.length }, 'schedules in place');
  for (const source of config.feeds.sources.filter((s) => s.enabled)) {
    if ((await stores.health.get(source.id)).lastCheckAt === undefined) {
      await queues.poll.add('poll', { sourceId: source.id }, { jobId: jobId.pollFirst(source.id) });
    }
  }
}
