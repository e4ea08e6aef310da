import type { RedisClient } from '../queue/redis';
import type { Article } from '../articles/article';
import type { Keys } from './keys';

/** One article kept for replay: its id and when a poll first saw it (epoch ms). */
export interface KeptArticle {
  id: string;
  discoveredAt: number;
}

// However many articles a window holds, the index never grows past this: a burst of feeds cannot
// fill Redis with text nobody will replay.
export const REPLAY_INDEX_LIMIT = 50_000;

/**
 * Article text as the article stage matched it (full text included), kept for a window so a watchlist
 * that gains a name can be matched against recent news again. The text expires on its own; the index
 * (article id by discovery time) is trimmed on every write, by age and by count.
 */
export class ReplayStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    /** 0: nothing is kept, nothing listed. */
    readonly windowMs: number,
    private readonly opts: { now?: () => number; limit?: number } = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  async keep(article: Article, discoveredAt: number): Promise<void> {
    if (!this.enabled) return;
    // Counted from discovery, so a job retried hours later does not keep the text longer than the window.
    const ttlMs = discoveredAt + this.windowMs - this.now();
    if (ttlMs <= 0) return;
    const index = this.keys.replayIndex();
    // The text first, then its index entry: on a cluster they sit in different slots, so no one
    // transaction holds both. A crash in between leaves text nobody lists, which expires; the retried
    // job writes both.
    await this.redis.set(this.keys.replayArticle(article.id), JSON.stringify(article), 'PX', ttlMs);
    await this.redis
      .multi()
      .zadd(index, discoveredAt, article.id)
      .zremrangebyscore(index, '-inf', `(${this.now() - this.windowMs}`)
      .zremrangebyrank(index, 0, -(this.opts.limit ?? REPLAY_INDEX_LIMIT) - 1)
      .exec();
  }

  /** Kept articles discovered at or after `since`, oldest first. */
  async list(since: number): Promise<KeptArticle[]> {
    if (!this.enabled) return [];
    const from = Math.max(since, this.now() - this.windowMs);
    const flat = await this.redis.zrangebyscore(this.keys.replayIndex(), from, '+inf', 'WITHSCORES');
    const kept: KeptArticle[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) kept.push({ id: flat[i]!, discoveredAt: Number(flat[i + 1]) });
    return kept;
  }

  /** The text, or undefined once it has expired. */
  async get(articleId: string): Promise<Article | undefined> {
    const raw = await this.redis.get(this.keys.replayArticle(articleId));
    return raw ? (JSON.parse(raw) as Article) : undefined;
  }
}
