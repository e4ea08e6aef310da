import type { RedisClient } from '../queue/redis';
import type { Keys } from './keys';

/** What a running worker says about itself: enough to see whether all run the same configuration. */
export interface WorkerRecord {
  /** host:pid:random, unique per process. */
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  /** The configuration version in force (config/config-version.ts) and when it was loaded. */
  version: string;
  loadedAt: string;
  lastReload?: { outcome: 'ok'; at: string } | { outcome: 'failed'; at: string; errors: number };
  /** The last `exilewatch reload` request this worker has acted on. */
  answered?: string;
}

/** A record lives this long after its last heartbeat: a worker killed outright drops out on its own. */
export const WORKER_TTL_SECONDS = 30;

/**
 * The running workers, each a small JSON key with a TTL, and a sorted set of ids by expiry time to
 * find them without SCAN (which a Redis Cluster would have to run on every node).
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly ttlSeconds = WORKER_TTL_SECONDS,
  ) {}

  async put(record: WorkerRecord, now = Date.now()): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.worker(record.id), JSON.stringify(record), 'EX', this.ttlSeconds)
      .zadd(this.keys.workers(), now + this.ttlSeconds * 1000, record.id)
      .zremrangebyscore(this.keys.workers(), '-inf', now)
      .exec();
  }

  /** The workers whose heartbeat has not lapsed, by id. */
  async list(now = Date.now()): Promise<WorkerRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.workers(), now, '+inf');
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => this.keys.worker(id)));
    return values
      .filter((v): v is string => v !== null)
      .map((v) => JSON.parse(v) as WorkerRecord)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().del(this.keys.worker(id)).zrem(this.keys.workers(), id).exec();
  }
}
