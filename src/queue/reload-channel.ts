import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../queue/redis';
import type { Logger } from '../util/logger';
import type { RedisConnections } from './redis';

/**
 * `exilewatch reload` asks running workers to reload by publishing on a Redis channel: every worker on
 * the deployment's prefix hears it at once, wherever it runs, and nothing is left behind to clean up.
 * A worker that is down at that moment misses it, and loads its files when it starts anyway.
 */
export async function publishReload(redis: RedisClient, channel: string): Promise<{ requestId: string; listeners: number }> {
  const requestId = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  const listeners = await redis.publish(channel, JSON.stringify({ requestId }));
  return { requestId, listeners };
}

export interface ReloadSubscription {
  close(): Promise<void>;
}

/** Listens for reload requests on a connection of its own (a subscribed connection can do nothing else). */
export async function subscribeReload(
  conns: RedisConnections,
  channel: string,
  onRequest: (requestId: string) => void,
  log: Logger,
): Promise<ReloadSubscription> {
  const sub = conns.create();
  sub.on('message', (got: string, message: string) => {
    if (got !== channel) return;
    const requestId = requestIdOf(message);
    if (requestId === undefined) log.warn({ channel }, 'ignored a reload request that is not one');
    else onRequest(requestId);
  });
  // ioredis subscribes again by itself after a reconnection.
  await sub.subscribe(channel);
  return {
    close: async () => {
      await sub.unsubscribe(channel).catch(() => undefined);
    },
  };
}

function requestIdOf(message: string): string | undefined {
  try {
    const id = (JSON.parse(message) as { requestId?: unknown }).requestId;
    return typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
