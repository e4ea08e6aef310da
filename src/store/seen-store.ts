import type { Redis } from 'ioredis';
import type { Keys } from './keys';

/**
 * Articles already taken in, by canonical id and by content fingerprint, each a small key that expires
 * on its own: the footprint is bounded by the lifetime, never by hand-run clean-ups.
 */
// How long a claimed article waits for its poll to queue it before the next poll may take it again.
const CLAIM_LEASE_SECONDS = 300;

export class SeenStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Claims an article for queueing: true when neither its id nor its content was taken in. SET NX makes
   * the claim atomic, so two workers polling overlapping feeds take it in once. The claim is a lease:
   * the poll stage marks the article seen for good only after it is queued, so a crash in between
   * leaves it to the first poll after the lease, never lost.
   */
  async claim(articleId: string, fingerprint: string, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<boolean> {
    const byId = await this.redis.set(this.keys.seen(articleId), 'claimed', 'EX', leaseSeconds, 'NX');
    if (byId === null) return false;
    const byContent = await this.redis.set(this.keys.seenContent(fingerprint), articleId, 'EX', leaseSeconds, 'NX');
    if (byContent !== null) return true;
    return (await this.redis.get(this.keys.seenContent(fingerprint))) === articleId;
  }

  /** Marks an article seen: once it is queued, or at once for a new source's back catalogue. */
  async markSeen(articleId: string, fingerprint: string): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.seen(articleId), '1', 'EX', this.ttlSeconds)
      .set(this.keys.seenContent(fingerprint), articleId, 'EX', this.ttlSeconds)
      .exec();
  }
}
