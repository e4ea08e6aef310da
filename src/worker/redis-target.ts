import type { AppEnv } from '../config/env';
import { describeRedis, hashTagPrefix, probeRedis, type RedisConfig } from '../queue/redis';
import { RedisUnavailableError } from '../queue/redis-unavailable';
import type { Logger } from '../util/logger';
import { hasEmbeddedData, portAnswers, startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis';

export interface RedisTarget {
  url: string;
  embedded?: EmbeddedRedis;
  /** Said to the user when a command reads the embedded Redis's data with the worker stopped. */
  note?: string;
}

/**
 * What a command does when no Redis answers: `start` its own (the worker, `once`), `read` the data the
 * embedded one left when the worker is stopped (`status`, `alerts list`), or `never` (commands that
 * queue work for a running worker).
 */
export type EmbeddedMode = 'start' | 'read' | 'never';

export interface ResolveOptions {
  embedded: EmbeddedMode;
  /**
   * Fail at once with one line when nothing answers. The worker does not: it waits for Redis (one log
   * line when lost, one when back), as it does through an outage.
   */
  probe: boolean;
}

const PROBE_TIMEOUT_MS = 3000;

export function redisConfigFor(env: AppEnv, url: string): RedisConfig {
  return { url, prefix: hashTagPrefix(env.prefix), ...env.sentinel, ...(env.clusterNodes ? { cluster: env.clusterNodes } : {}) };
}

/**
 * REDIS_URL when set; otherwise a Redis already answering on the default port; otherwise a private
 * redis-server under the data directory, so that `npm start` works on a machine with Redis installed
 * but not running.
 */
export async function resolveRedis(env: AppEnv, log: Logger, options: ResolveOptions): Promise<RedisTarget> {
  const local = `redis://127.0.0.1:${env.localRedisPort}`;
  const configured = Boolean(env.redisUrl) || Boolean(env.sentinel.sentinels) || Boolean(env.clusterNodes);
  const checked = async (url: string, hint: string): Promise<RedisTarget> => {
    if (options.probe) await probeRedis(redisConfigFor(env, url), PROBE_TIMEOUT_MS, hint);
    return { url };
  };
  if (configured) return checked(env.redisUrl ?? local, 'check REDIS_URL (or REDIS_SENTINELS, REDIS_CLUSTER_NODES) and that Redis is running');
  if (await portAnswers(env.localRedisPort)) return checked(local, 'is something other than Redis on that port?');
  const dataDir = `${env.dataDir}/redis`;
  const startHint = '`npm start` runs its own redis-server when none answers; or set REDIS_URL';
  if (options.embedded === 'never') {
    throw new RedisUnavailableError(`no Redis answered at ${describeRedis(redisConfigFor(env, local))}: the worker is not running; ${startHint}`);
  }
  if (options.embedded === 'read' && !hasEmbeddedData(dataDir)) {
    throw new RedisUnavailableError(
      `no Redis answered at ${describeRedis(redisConfigFor(env, local))} and ${dataDir} holds no data of an embedded one: the worker has not run here; ${startHint}`,
    );
  }
  const embedded = await startEmbeddedRedis(dataDir, env.localRedisPort);
  if (options.embedded === 'read') {
    return { url: embedded.url, embedded, note: `the worker is not running: read from the embedded Redis's data in ${dataDir}` };
  }
  log.info({ data_dir: dataDir }, 'started embedded redis-server');
  return { url: embedded.url, embedded };
}
