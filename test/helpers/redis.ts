import { randomBytes } from 'node:crypto';
import { RedisConnections, deleteKeysWithPrefix, hashTagPrefix } from '../../src/queue/redis';

/**
 * Integration tests use the Redis that `npm test` starts (a private redis-server on a free port) or
 * the one REDIS_URL names, each test file under a fresh key prefix so runs never see each other's keys.
 */
export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts a private redis-server');
  return url;
}

export function testConnections(): RedisConnections {
  return new RedisConnections({ url: redisUrl(), prefix: hashTagPrefix(`exilewatch-test-${randomBytes(6).toString('hex')}`) });
}

/** Deletes every key under the connections' prefix. */
export async function dropPrefix(conns: RedisConnections): Promise<void> {
  await deleteKeysWithPrefix(conns.create(), conns.config.prefix);
}
