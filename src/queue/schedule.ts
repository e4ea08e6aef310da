import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import { parseDuration, type FeedsConfig } from '../config/feeds-schema';
import type { Route } from '../config/watchlist-schema';
import { jobId, type DigestJobData, type PollJobData } from './queues';

/**
 * A fixed offset per source inside its interval, from its id: sources with the same interval do not
 * all fire at once, and every worker computes the same offset, so upserting at each boot changes nothing.
 */
export function jitterFor(sourceId: string, everyMs: number): number {
  const n = createHash('sha256').update(sourceId).digest().readUInt32BE(0);
  return n % everyMs;
}

/** Cron pattern for a digest route: hourly at the minute of `at`, or daily at `at`, in the route's zone. */
export function digestPattern(route: Route): string {
  const [hh, mm] = (route.digest?.at ?? '08:00').split(':').map(Number);
  return route.digest?.every === 'hourly' ? `${mm} * * * *` : `${mm} ${hh} * * *`;
}

/** One scheduler per digest route, none for routes that no longer send digests. */
export async function syncDigestSchedulers(queue: Queue, routes: readonly Route[]): Promise<ScheduleChange> {
  const wanted = routes.filter((r) => r.mode === 'digest');
  for (const route of wanted) {
    const data: DigestJobData = { routeId: route.id };
    await queue.upsertJobScheduler(jobId.digestScheduler(route.id), { pattern: digestPattern(route), tz: route.timeZone }, { name: 'digest', data });
  }
  const removed = await removeSchedulersExcept(queue, 'digest-', new Set(wanted.map((r) => jobId.digestScheduler(r.id))));
  return { upserted: wanted.map((r) => r.id), removed };
}

export interface ScheduleChange {
  upserted: string[];
  removed: string[];
}

/**
 * Makes the poll queue's job schedulers match the feeds file: one per enabled source, and none for
 * sources that were removed or disabled. Safe to run at every start of every worker.
 */
export async function syncSchedulers(queue: Queue, feeds: FeedsConfig): Promise<ScheduleChange> {
  const wanted = feeds.sources.filter((s) => s.enabled);
  const upserted: string[] = [];
  for (const source of wanted) {
    const every = parseDuration(source.interval ?? feeds.defaults.interval);
    const data: PollJobData = { sourceId: source.id };
    await queue.upsertJobScheduler(jobId.pollScheduler(source.id), { every, offset: jitterFor(source.id, every) }, { name: 'poll', data });
    upserted.push(source.id);
  }
  const removed = await removeSchedulersExcept(queue, 'poll-', new Set(wanted.map((s) => jobId.pollScheduler(s.id))));
  return { upserted, removed };
}

/** Removes the schedulers under a prefix that are not kept; returns the ids they were for. */
async function removeSchedulersExcept(queue: Queue, prefix: string, keep: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    if (scheduler.key.startsWith(prefix) && !keep.has(scheduler.key)) {
      await queue.removeJobScheduler(scheduler.key);
      removed.push(scheduler.key.slice(prefix.length));
    }
  }
  return removed;
}
