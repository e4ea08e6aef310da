import type { RedisClient } from '../queue/redis';
import { within } from '../util/within';

export interface ConfigSummary {
  /** Short hash of the watchlist and feeds files as loaded: workers on the same files show the same. */
  version: string;
  loadedAt: string;
  /** Counts only: the names on the watchlist never leave the process this way. */
  people: number;
  signals: number;
  routes: number;
  sources: number;
  /** The last reload since start-up; absent before the first. */
  lastReload?: { outcome: 'ok'; at: string } | { outcome: 'failed'; at: string; errors: number };
}

export interface ReadinessInput {
  redis: RedisClient;
  /** Every queue has a worker, and no shutdown has begun. */
  running: boolean;
  config: ConfigSummary;
}

export interface Readiness {
  ready: boolean;
  redis: 'ok' | 'unreachable';
  workers: 'running' | 'starting or stopping';
  config: ConfigSummary;
  reasons: string[];
  /** What an operator should know that does not make the worker unready (a refused reload). */
  notes: string[];
}

const PING_TIMEOUT_MS = 1000;

/**
 * Ready means able to do the work: Redis answers and the workers run. While the connection is down
 * no PING is sent at all, so a scraper polling through an outage does not pile commands up behind it.
 */
export async function readiness(input: ReadinessInput): Promise<Readiness> {
  const reasons: string[] = [];
  const redisOk = input.redis.status === 'ready' && (await pingWithin(input.redis, PING_TIMEOUT_MS));
  if (!redisOk) reasons.push('Redis does not answer');
  if (!input.running) reasons.push('the workers are not running (starting or shutting down)');
  // A refused reload leaves the last good configuration working: still ready, but not what the files say.
  const notes: string[] = [];
  const reload = input.config.lastReload;
  if (reload?.outcome === 'failed') {
    notes.push(
      `the last reload (${reload.at}) failed with ${reload.errors} error${reload.errors === 1 ? '' : 's'}; still running on version ${input.config.version}, loaded ${input.config.loadedAt}`,
    );
  }
  return {
    ready: reasons.length === 0,
    redis: redisOk ? 'ok' : 'unreachable',
    workers: input.running ? 'running' : 'starting or stopping',
    config: input.config,
    reasons,
    notes,
  };
}

async function pingWithin(redis: RedisClient, ms: number): Promise<boolean> {
  const pong = redis.ping().catch(() => undefined);
  return (await within(ms, pong)) === 'PONG';
}
