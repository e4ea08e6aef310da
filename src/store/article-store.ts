import type { Redis } from 'ioredis';
import type { Article } from '../articles/article';
import type { Keys } from './keys';

/** Article bodies between the poll and article stages: job payloads carry ids only. */
export class ArticleStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
  ) {}

  async put(article: Article): Promise<void> {
    await this.redis.set(this.keys.article(article.id), JSON.stringify(article), 'EX', this.ttlSeconds);
  }

  async get(articleId: string): Promise<Article | undefined> {
    const raw = await this.redis.get(this.keys.article(articleId));
    return raw ? (JSON.parse(raw) as Article) : undefined;
  }
}
