import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../util/logger';
import { RedisUnavailableError } from './redis-unavailable';

/** How to reach Redis: a URL (redis:// or rediss:// for TLS, password in the URL), or Sentinel. */
export interface RedisConfig {
  url: string;
  /** host:port pairs; when set, `url` supplies only the password and TLS settings. */
  sentinels?: Array<{ host: string; port: number }>;
  sentinelName?: string;
  /**
   * Key prefix for everything exilewatch stores. Braces make it a Redis Cluster hash tag, so all of
   * one deployment's keys live in one slot, as BullMQ's multi-key scripts need.
   */
  prefix: string;
}

export function hashTagPrefix(name: string): string {
  return `{${name}}`;
}

function optionsFor(config: RedisConfig): RedisOptions {
  const url = new URL(config.url);
  const options: RedisOptions = {
    // BullMQ workers block on Redis; a bounded retry count would turn a Redis restart into lost workers.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
  };
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.protocol === 'rediss:') options.tls = { servername: url.hostname };
  if (config.sentinels && config.sentinels.length > 0) {
    options.sentinels = config.sentinels;
    options.name = config.sentinelName ?? 'mymaster';
    if (options.password) options.sentinelPassword = options.password;
  } else {
    options.host = url.hostname;
    options.port = Number(url.port || 6379);
    const db = Number(url.pathname.slice(1) || 0);
    if (db) options.db = db;
  }
  return options;
}

/**
 * Every Redis connection of the process, so that shutdown can close them all: BullMQ does not close
 * connections it was handed.
 */
export class RedisConnections {
  private readonly open: Redis[] = [];
  private log: Logger | undefined;
  private down = false;

  constructor(readonly config: RedisConfig) {}

  /** Log one line when Redis goes away and one when it is back, however many connections notice. */
  watch(log: Logger): void {
    this.log = log;
  }

  /** An error from a connection, queue or worker: logged once per outage when it is Redis going away. */
  report(err: Error, fields: Record<string, string> = {}): void {
    const lost = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect E/i.test(err.message);
    if (!lost) {
      this.log?.error({ ...fields, error: err.message }, 'redis error');
      return;
    }
    if (this.down) return;
    this.down = true;
    this.log?.error({ error: err.message }, 'redis unreachable; retrying');
  }

  create(): Redis {
    const conn = new Redis(optionsFor(this.config));
    // ioredis reconnects by itself; without a listener an unreachable Redis would crash the process.
    conn.on('error', (err: Error) => this.report(err));
    conn.on('ready', () => {
      if (!this.down) return;
      this.down = false;
      this.log?.info('redis reachable again');
    });
    this.open.push(conn);
    return conn;
  }

  /** At once, without waiting for replies: for when Redis is gone and would never send them. */
  disconnectAll(): void {
    for (const c of this.open) c.disconnect();
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** Where a configuration points, for messages: host and port, or the Sentinels; never the password. */
export function describeRedis(config: RedisConfig): string {
  if (config.sentinels && config.sentinels.length > 0) {
    return `Sentinel ${config.sentinels.map((s) => `${s.host}:${s.port}`).join(',')} (master ${config.sentinelName ?? 'mymaster'})`;
  }
  const url = new URL(config.url);
  return `${url.protocol}//${url.hostname}:${url.port || 6379}`;
}

/**
 * One PING with retries off, for commands that must say at once when Redis is not there rather than
 * wait for it as the worker does. `hint` says how to get one.
 */
export async function probeRedis(config: RedisConfig, timeoutMs: number, hint: string): Promise<void> {
  const conn = new Redis({
    ...optionsFor(config),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
  });
  conn.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([conn.connect().then(() => conn.ping()), late]);
  } catch (err) {
    const reason = (err as Error).message.replace(/^connect /, '');
    throw new RedisUnavailableError(`no Redis answered at ${describeRedis(config)} (${reason}); ${hint}`);
  } finally {
    clearTimeout(timer);
    conn.disconnect();
  }
}

/** Deletes every key under a prefix (a deployment's, or a test's), in batches, without blocking Redis. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
