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

  async putAll(articles: readonly Article[]): Promise<void> {
    if (articles.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const article of articles) pipeline.set(this.keys.article(article.id), JSON.stringify(article), 'EX', this.ttlSeconds);
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0]!;
  }

  async remove(articleId: string): Promise<void> {
    await this.redis.del(this.keys.article(articleId));
  }

  async get(articleId: string): Promise<Article | undefined> {
    const raw = await this.redis.get(this.keys.article(articleId));
    return raw ? (JSON.parse(raw) as Article) : undefined;
  }
}
