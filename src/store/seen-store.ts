import type { Redis } from 'ioredis';
import type { Keys } from './keys';

/**
 * Articles already taken in, by canonical id and by content fingerprint, each a small key that expires
 * on its own: the footprint is bounded by the lifetime, never by hand-run clean-ups.
 */
// How long a claimed article waits for its poll to queue it before the next poll may take it again.
const CLAIM_LEASE_SECONDS = 300;

export type Claim = 'new' | 'seen' | 'held';

export class SeenStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Claims an article for queueing. SET NX makes the claim atomic, so two workers polling overlapping
   * feeds take it in once. The claim is a lease held by one poll job: the poll stage marks the article
   * seen for good only after it is queued, so a crash in between leaves it to that job's retry (the
   * same claimant takes its own claim back) or, failing that, to the first poll after the lease.
   *
   * 'new': this claimant holds it now; 'seen': taken in for good; 'held': another poll holds it and
   * has not queued it yet.
   */
  async claim(articleId: string, fingerprint: string, claimant: string, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<Claim> {
    const mine = `claimed:${claimant}`;
    const byId = await this.redis.set(this.keys.seen(articleId), mine, 'EX', leaseSeconds, 'NX');
    if (byId === null) {
      const holder = await this.redis.get(this.keys.seen(articleId));
      if (holder === null) return this.claim(articleId, fingerprint, claimant, leaseSeconds);
      if (holder !== mine) return holder.startsWith('claimed:') ? 'held' : 'seen';
    }
    const byContent = await this.redis.set(this.keys.seenContent(fingerprint), articleId, 'EX', leaseSeconds, 'NX');
    if (byContent !== null) return 'new';
    return (await this.redis.get(this.keys.seenContent(fingerprint))) === articleId ? 'new' : 'seen';
  }

  /**
   * Whether a poll would take the article in, without claiming it: for a dry run, which must leave
   * every article to the next real poll. An article another poll holds counts as seen.
   */
  async wasSeen(articleId: string, fingerprint: string): Promise<boolean> {
    const [byId, byContent] = await this.redis.mget(this.keys.seen(articleId), this.keys.seenContent(fingerprint));
    return byId !== null || (byContent !== null && byContent !== articleId);
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
