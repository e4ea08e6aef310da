import type { Redis } from 'ioredis';
import type { Keys } from './keys';

/**
 * Articles already taken in, by canonical id and by content fingerprint, each a small key that expires
 * on its own: the footprint is bounded by the lifetime, never by hand-run clean-ups.
 */
export class SeenStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Claims an article for processing. True when neither its id nor its fingerprint was seen before;
   * SET NX makes the claim atomic, so two workers polling overlapping feeds take it in once.
   */
  async claim(articleId: string, fingerprint: string): Promise<boolean> {
    const byId = await this.redis.set(this.keys.seen(articleId), '1', 'EX', this.ttlSeconds, 'NX');
    if (byId === null) return false;
    const byContent = await this.redis.set(this.keys.seenContent(fingerprint), articleId, 'EX', this.ttlSeconds, 'NX');
    return byContent !== null;
  }

  /** Marks an article seen without processing it (a new source's back catalogue). */
  async markSeen(articleId: string, fingerprint: string): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.seen(articleId), '1', 'EX', this.ttlSeconds)
      .set(this.keys.seenContent(fingerprint), articleId, 'EX', this.ttlSeconds)
      .exec();
  }
}
