import type { RedisClient } from '../queue/redis';
import type { Keys } from './keys';

/**
 * Spaces sends on one route across every worker: a route may send once per interval. Slack drops
 * webhooks that post faster than about once a second; partners' receivers may ask for less.
 */
export class RoutePacer {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** 0 when this caller may send now (and holds the slot); otherwise how many ms to wait. */
  async acquire(routeId: string, intervalMs: number): Promise<number> {
    const key = this.keys.pace(routeId);
    if ((await this.redis.set(key, '1', 'PX', intervalMs, 'NX')) !== null) return 0;
    return Math.max(1, await this.redis.pttl(key));
  }
}
