import type { RedisClient } from '../queue/redis';
import type { Keys } from './keys';

// Long enough for any outage of a channel to end; after that the batch is rebuilt from what still waits.
const IN_FLIGHT_TTL_S = 7 * 24 * 3600;

/**
 * Alerts waiting for their digest route's next send, oldest first, and the batch being sent. The
 * batch is fixed before the send: a send retried after a crash carries the same alerts, so the same
 * digest id and Message-ID, even if more alerts arrived meanwhile.
 */
export class DigestStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async add(routeId: string, alertId: string, at: number): Promise<void> {
    await this.redis.zadd(this.keys.digest(routeId), 'NX', at, alertId);
  }

  async pending(routeId: string, upTo: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.digest(routeId), '-inf', upTo);
  }

  /** The batch to send: the one a crashed send left behind, or what waits now, fixed as the new batch. */
  async batch(routeId: string, upTo: number): Promise<string[]> {
    const key = this.keys.digestInFlight(routeId);
    const left = await this.redis.get(key);
    if (left !== null) return JSON.parse(left) as string[];
    const ids = await this.pending(routeId, upTo);
    if (ids.length === 0) return ids;
    // Two sends of one route at once agree on the batch the first one fixed.
    const set = await this.redis.set(key, JSON.stringify(ids), 'EX', IN_FLIGHT_TTL_S, 'NX');
    if (set === null) return this.batch(routeId, upTo);
    return ids;
  }

  /** Removes what was sent, and the batch with it; alerts that arrived while sending stay for the next digest. */
  async remove(routeId: string, alertIds: readonly string[]): Promise<void> {
    const tx = this.redis.multi();
    if (alertIds.length > 0) tx.zrem(this.keys.digest(routeId), ...alertIds);
    tx.del(this.keys.digestInFlight(routeId));
    await tx.exec();
  }
}
