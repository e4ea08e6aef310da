import type { RedisClient } from '../queue/redis';
import type { Keys } from './keys';

/**
 * The first alert about a person and a signal within the suppression window: later reports of the same
 * news (a wire story republished by several outlets) are tied to it instead of alerting afresh.
 */
export class SuppressionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /**
   * The first alert already holding any of these (person, signal) pairs, or undefined when there is
   * none, in which case this alert now holds them all for `windowSeconds`.
   */
  async claim(personId: string, signalIds: readonly string[], alertId: string, windowSeconds: number): Promise<string | undefined> {
    for (const signal of signalIds) {
      const first = await this.redis.get(this.keys.suppression(personId, signal));
      if (first !== null && first !== alertId) return first;
    }
    for (const signal of signalIds) {
      const key = this.keys.suppression(personId, signal);
      if ((await this.redis.set(key, alertId, 'EX', windowSeconds, 'NX')) === null) {
        const first = await this.redis.get(key);
        if (first !== null && first !== alertId) return first;
      }
    }
    return undefined;
  }
}
