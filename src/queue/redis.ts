import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '../util/logger';
import { RedisUnavailableError } from './redis-unavailable';

/** One connection: to a single Redis, through Sentinel, or to a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** How to reach Redis: a URL (redis:// or rediss:// for TLS, password in the URL), Sentinel, or a Cluster. */
export interface RedisConfig {
  url: string;
  /** host:port pairs; when set, `url` supplies only the password and TLS settings. */
  sentinels?: Array<{ host: string; port: number }>;
  sentinelName?: string;
  /** Some nodes of a Redis Cluster; when set, `url` supplies only the password and TLS settings. */
  cluster?: Array<{ host: string; port: number }>;
  /**
   * Key prefix for everything exilewatch stores, as a hash tag (`{exilewatch}`). On a single Redis
   * every key sits under it; on a cluster it is split per queue and per family of keys, so the load
   * spreads over the shards (see keySpread and store/keys.ts).
   */
  prefix: string;
}

export function hashTagPrefix(name: string): string {
  return `{${name}}`;
}

/** Whether keys are spread over a cluster's slots, or kept in the one slot of the prefix. */
export function keySpread(config: RedisConfig): boolean {
  return Boolean(config.cluster && config.cluster.length > 0);
}

/**
 * The BullMQ prefix of one queue. A queue's scripts need all its keys in one slot; on a cluster each
 * queue gets a hash tag of its own (`{exilewatch:poll}`), as BullMQ's documentation asks, so queues
 * land on different shards. A single Redis keeps the layout earlier versions wrote.
 */
export function queuePrefix(config: RedisConfig, queue: string): string {
  return keySpread(config) ? `${config.prefix.slice(0, -1)}:${queue}}` : config.prefix;
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
  // On a cluster each node is reached by its own name, which the URL's host cannot give.
  if (url.protocol === 'rediss:') options.tls = config.cluster && config.cluster.length > 0 ? {} : { servername: url.hostname };
  if (config.cluster && config.cluster.length > 0) {
    // Nodes come from the cluster itself; the URL gives credentials and TLS only.
  } else if (config.sentinels && config.sentinels.length > 0) {
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

function clusterOptions(config: RedisConfig, redisOptions: RedisOptions): ClusterOptions {
  return {
    redisOptions,
    // A primary lost to a failover answers nothing until its replica takes over: keep commands
    // queued and retried meanwhile, as a single Redis's restart does.
    enableOfflineQueue: true,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 200,
    maxRedirections: 64,
    slotsRefreshTimeout: 2000,
    ...(config.url.startsWith('rediss:') ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
}

function connect(config: RedisConfig, options: RedisOptions): RedisClient {
  if (config.cluster && config.cluster.length > 0) return new Cluster(config.cluster, clusterOptions(config, options));
  return new Redis(options);
}

/**
 * Every Redis connection of the process, so that shutdown can close them all: BullMQ does not close
 * connections it was handed.
 */
export class RedisConnections {
  private readonly open: RedisClient[] = [];
  private log: Logger | undefined;
  private down = false;
  private settler: Cluster | undefined;

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

  create(): RedisClient {
    const conn = connect(this.config, optionsFor(this.config));
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

  /**
   * On a cluster, waits (up to `timeoutMs`) until a replica of every primary holds what was written so
   * far, from any connection: a primary can acknowledge a write and die before passing it on, and its
   * replica then takes over without it. Called at each stage's commit point — before a poll marks
   * articles seen, before a job is marked done — so a failover cannot keep the mark and lose the work.
   * WAIT counts only the caller's own writes, so each primary first gets a small write of this
   * connection's, which replicates after everything written before it. Off a cluster it does nothing.
   */
  async replicated(timeoutMs = 250): Promise<void> {
    if (!keySpread(this.config)) return;
    this.settler ??= this.create() as Cluster;
    const cluster = this.settler;
    // The first commit point finds this connection still joining the cluster: give it the same time.
    if (cluster.status !== 'ready') await Promise.race([new Promise((r) => cluster.once('ready', r)), new Promise((r) => setTimeout(r, timeoutMs))]);
    if (cluster.status !== 'ready') return;
    const byNode = new Map(cluster.nodes('master').map((n) => [`${n.options.host}:${n.options.port}`, n]));
    await Promise.all(
      [...byNode].map(async ([address, node]) => {
        const key = settleKey(this.config.prefix, cluster.slots, address);
        if (key === undefined) return;
        // Best effort: a slot that moved meanwhile answers MOVED, and the next commit point waits again.
        await node
          .set(key, '1', 'PX', 60_000)
          .then(() => node.wait(1, timeoutMs))
          .catch(() => undefined);
      }),
    );
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
  if (config.cluster && config.cluster.length > 0) return `Redis Cluster ${config.cluster.map((n) => `${n.host}:${n.port}`).join(',')}`;
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
  const options: RedisOptions = {
    ...optionsFor(config),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
  };
  const conn =
    config.cluster && config.cluster.length > 0
      ? new Cluster(config.cluster, { ...clusterOptions(config, options), lazyConnect: true, clusterRetryStrategy: () => null, enableOfflineQueue: false })
      : new Redis(options);
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

/**
 * Deletes every key of a deployment (or a test) with the hash-tag prefix `{name}`, in either layout,
 * in batches, without blocking Redis. On a cluster every primary is scanned, and keys are deleted one
 * by one, as they may sit in different slots.
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<void> {
  const name = prefix.slice(1, -1);
  const patterns = [`${escapeGlob(prefix)}*`, `{${escapeGlob(name)}:*`, `${escapeGlob(name)}:*`];
  const nodes = redis instanceof Cluster ? await primaries(redis) : [redis];
  for (const node of nodes) {
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length > 0) await (redis instanceof Cluster ? Promise.all(keys.map((k) => redis.del(k))) : redis.del(...keys));
        cursor = next;
      } while (cursor !== '0');
    }
  }
}

/** A cluster's primaries; a client not yet connected knows none, so this waits until it is. */
export async function primaries(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== 'ready') await new Promise((resolve) => cluster.once('ready', resolve));
  return cluster.nodes('master');
}

/** A key of the deployment's in a slot that the primary at `address` serves, found by trying tags in turn. */
function settleKey(prefix: string, slots: string[][], address: string): string | undefined {
  const name = prefix.slice(1, -1);
  for (let i = 0; i < 256; i++) {
    const key = `{${name}:settle-${i}}`;
    if (slots[calculateSlot(key)]?.[0] === address) return key;
  }
  return undefined;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
