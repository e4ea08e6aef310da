import type { Redis } from 'ioredis';
import type { Keys } from './keys';

/** Alerts waiting for their digest route's next send, oldest first. */
export class DigestStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async add(routeId: string, alertId: string, at: number): Promise<void> {
    await this.redis.zadd(this.keys.digest(routeId), 'NX', at, alertId);
  }

  async pending(routeId: string, upTo: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.digest(routeId), '-inf', upTo);
  }

  /** Removes what was sent; alerts that arrived while sending stay for the next digest. */
  async remove(routeId: string, alertIds: readonly string[]): Promise<void> {
    if (alertIds.length > 0) await this.redis.zrem(this.keys.digest(routeId), ...alertIds);
  }
}
