import type { RedisClient } from '../queue/redis';
import type { Article } from '../articles/article';
import type { Keys } from './keys';

/** Article bodies between the poll and article stages: job payloads carry ids only. */
export class ArticleStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  async put(article: Article): Promise<void> {
    await this.redis.set(this.keys.article(article.id), JSON.stringify(article), 'EX', this.ttlSeconds);
  }

  async putAll(articles: readonly Article[]): Promise<void> {
    if (articles.length === 0) return;
    // Sent back to back without waiting, so one round trip as a pipeline would be; unlike one, it also
    // works when the bodies sit on different shards of a cluster.
    await Promise.all(articles.map((a) => this.redis.set(this.keys.article(a.id), JSON.stringify(a), 'EX', this.ttlSeconds)));
  }

  async remove(articleId: string): Promise<void> {
    await this.redis.del(this.keys.article(articleId));
  }

  async get(articleId: string): Promise<Article | undefined> {
    const raw = await this.redis.get(this.keys.article(articleId));
    return raw ? (JSON.parse(raw) as Article) : undefined;
  }
}
