import type { RedisClient } from '../queue/redis';
import { emptyHealth, type SourceHealth } from '../sources/source-health';
import type { Keys } from './keys';

/** Source health and conditional-GET validators, one small JSON value per source. */
export class HealthStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async get(sourceId: string): Promise<SourceHealth> {
    const raw = await this.redis.get(this.keys.source(sourceId));
    return raw ? (JSON.parse(raw) as SourceHealth) : emptyHealth(sourceId);
  }

  async put(h: SourceHealth): Promise<void> {
    await this.redis.multi().set(this.keys.source(h.sourceId), JSON.stringify(h)).sadd(this.keys.sources(), h.sourceId).exec();
  }

  async list(): Promise<SourceHealth[]> {
    const ids = (await this.redis.smembers(this.keys.sources())).sort();
    return Promise.all(ids.map((id) => this.get(id)));
  }

  async remove(sourceId: string): Promise<void> {
    await this.redis.multi().del(this.keys.source(sourceId)).srem(this.keys.sources(), sourceId).exec();
  }
}
