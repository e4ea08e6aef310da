import type { AppEnv } from '../config/env';
import type { Logger } from '../util/logger';
import { portAnswers, startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis';

export interface RedisTarget {
  url: string;
  embedded?: EmbeddedRedis;
}

/**
 * REDIS_URL when set; otherwise a Redis already answering on the default port; otherwise a private
 * redis-server under the data directory, so that `npm start` works on a machine with Redis installed
 * but not running.
 */
export async function resolveRedis(env: AppEnv, log: Logger, allowEmbedded: boolean): Promise<RedisTarget> {
  if (env.redisUrl) return { url: env.redisUrl };
  const local = `redis://127.0.0.1:${env.localRedisPort}`;
  if (env.sentinel.sentinels) return { url: local };
  if (await portAnswers(env.localRedisPort)) return { url: local };
  if (!allowEmbedded) return { url: local };
  const embedded = await startEmbeddedRedis(`${env.dataDir}/redis`, env.localRedisPort);
  log.info({ data_dir: `${env.dataDir}/redis` }, 'started embedded redis-server');
  return { url: embedded.url, embedded };
}
