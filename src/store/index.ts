import { keySpread, type RedisClient, type RedisConfig } from '../queue/redis';
import { AlertStore } from './alert-store';
import { DigestStore } from './digest-store';
import { RoutePacer } from './route-pacer';
import { SuppressionStore } from './suppression-store';
import { ArticleStore } from './article-store';
import { HealthStore } from './health-store';
import { Keys } from './keys';
import { ReplayStore } from './replay-store';
import { SeenStore } from './seen-store';
import { WorkerRegistry } from './worker-registry';

export interface Stores {
  seen: SeenStore;
  articles: ArticleStore;
  health: HealthStore;
  alerts: AlertStore;
  digests: DigestStore;
  pacer: RoutePacer;
  suppression: SuppressionStore;
  workers: WorkerRegistry;
  replay: ReplayStore;
}

export interface StoreSettings {
  /** How long an article is remembered as seen. Longer than any feed keeps an item. */
  seenTtlSeconds: number;
  /** How long an article body waits for the article stage. */
  articleTtlSeconds: number;
  /** How long article text is kept for replay (EXILEWATCH_REPLAY_WINDOW); 0 keeps none. */
  replayWindowMs?: number;
}

const REPLAY_WINDOW_MS = 3 * 24 * 3600 * 1000;

export const STORE_DEFAULTS: StoreSettings = { seenTtlSeconds: 60 * 24 * 3600, articleTtlSeconds: 7 * 24 * 3600, replayWindowMs: REPLAY_WINDOW_MS };

/** The keys of a deployment, laid out for the Redis it runs on (spread over slots on a cluster). */
export function keysFor(config: RedisConfig): Keys {
  return new Keys(config.prefix, keySpread(config));
}

/** `prefix`: the hash-tag prefix of a single Redis's layout, or the Keys of any layout. */
export function createStores(redis: RedisClient, prefix: string | Keys, settings: StoreSettings = STORE_DEFAULTS): Stores {
  const keys = typeof prefix === 'string' ? new Keys(prefix) : prefix;
  return {
    seen: new SeenStore(redis, keys, settings.seenTtlSeconds),
    articles: new ArticleStore(redis, keys, settings.articleTtlSeconds),
    health: new HealthStore(redis, keys),
    alerts: new AlertStore(redis, keys),
    digests: new DigestStore(redis, keys),
    pacer: new RoutePacer(redis, keys),
    suppression: new SuppressionStore(redis, keys),
    workers: new WorkerRegistry(redis, keys),
    replay: new ReplayStore(redis, keys, settings.replayWindowMs ?? REPLAY_WINDOW_MS),
  };
}
