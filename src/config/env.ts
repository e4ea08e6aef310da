/**
 * The environment, read once at start-up into a typed object. Nothing below the command line reads
 * process.env: whatever a stage needs is passed down from here.
 */
import { DURATION, parseDuration } from './duration';

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface AppEnv {
  watchlistPath: string;
  feedsPath: string;
  redisUrl?: string;
  /** Redis Sentinel: host:port pairs and the master's name. */
  sentinel: { sentinels?: Array<{ host: string; port: number }>; sentinelName?: string };
  /** Redis Cluster: host:port of some of its nodes (REDIS_CLUSTER_NODES); the client finds the rest. */
  clusterNodes?: Array<{ host: string; port: number }>;
  /** Key prefix (a Redis Cluster hash tag is made of it), so deployments can share one Redis. */
  prefix: string;
  smtpUrl?: string;
  mailFrom: string;
  mailReplyTo?: string;
  logLevel: string;
  /** How log lines look: `auto` is readable lines on a terminal and JSON otherwise. */
  logFormat: LogFormat;
  /** NO_COLOR is set: no colours on a terminal, in logs or in `match` output. */
  noColor: boolean;
  /** Where the embedded redis-server keeps its data. */
  dataDir: string;
  /** Port of the local Redis used (or started) when REDIS_URL is unset. */
  localRedisPort: number;
  /** How soon a crashed worker's jobs are taken over by another. */
  jobLockMs: number;
  /** The first wait before a failed delivery is tried again; it doubles with each attempt. */
  deliveryRetryMs: number;
  /** How long article text is kept so a grown watchlist can be matched against it again; 0 keeps none. */
  replayWindowMs: number;
  /**
   * The worker's health, readiness and metrics server; port 'off' runs none, 0 takes a free port.
   * With a password it also serves the queue dashboard (/admin/queues) behind basic authentication.
   */
  http: { port: number | 'off'; host: string; adminPassword?: string };
  /** Fault tests only: step:n at which the process kills itself (worker/kill-point.ts). */
  killAt?: string;
  /** Everything, for ${VAR} references in the YAML files. */
  vars: Readonly<Record<string, string | undefined>>;
}

/** Every variable exilewatch itself reads (the YAML files may reference others as ${NAME}). */
export const ENV_VARIABLES = [
  'EXILEWATCH_WATCHLIST',
  'EXILEWATCH_FEEDS',
  'EXILEWATCH_PREFIX',
  'EXILEWATCH_DATA_DIR',
  'EXILEWATCH_LOCAL_REDIS_PORT',
  'EXILEWATCH_JOB_LOCK_MS',
  'EXILEWATCH_DELIVERY_RETRY_MS',
  'EXILEWATCH_REPLAY_WINDOW',
  'REDIS_URL',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
  'REDIS_CLUSTER_NODES',
  'SMTP_URL',
  'MAIL_FROM',
  'MAIL_REPLY_TO',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'NO_COLOR',
  'HTTP_PORT',
  'HTTP_HOST',
  'ADMIN_PASSWORD',
  'EXILEWATCH_KILL_AT',
] as const;

export class EnvError extends Error {
  override name = 'EnvError';
}

function hostPorts(name: string, text: string | undefined): Array<{ host: string; port: number }> | undefined {
  if (!text) return undefined;
  return text.split(',').map((pair) => {
    const m = /^\s*([^:\s]+):(\d+)\s*$/.exec(pair);
    if (!m) throw new EnvError(`${name}: "${pair}" is not host:port`);
    return { host: m[1]!, port: Number(m[2]) };
  });
}

function httpPort(text: string | undefined): number | 'off' {
  if (text === undefined || text === '') return 9464;
  if (text.toLowerCase() === 'off') return 'off';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new EnvError(`HTTP_PORT: "${text}" is not a port number (0 takes a free port, off runs no server)`);
  return port;
}

export const DEFAULT_REPLAY_WINDOW = '3d';

// Where the window lives: it sizes Redis memory, as the other storage settings here do, and it must not
// move with a watchlist reload, which would leave text kept under one window and listed under another.
function replayWindow(text: string | undefined): number {
  const value = text === undefined || text.trim() === '' ? DEFAULT_REPLAY_WINDOW : text.trim().toLowerCase();
  if (value === 'off' || value === '0') return 0;
  if (!DURATION.test(value)) throw new EnvError(`EXILEWATCH_REPLAY_WINDOW: "${text}" is not a duration (3d, 36h) or off`);
  return parseDuration(value);
}

function logFormat(text: string | undefined): LogFormat {
  if (text === undefined || text === '') return 'auto';
  const format = text.toLowerCase();
  if (format === 'json' || format === 'pretty') return format;
  throw new EnvError(`LOG_FORMAT: "${text}" is neither json nor pretty (unset: readable lines on a terminal, JSON otherwise)`);
}

export function readEnv(env: NodeJS.ProcessEnv): AppEnv {
  const sentinelList = hostPorts('REDIS_SENTINELS', env.REDIS_SENTINELS);
  const clusterNodes = hostPorts('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES);
  if (sentinelList && clusterNodes) throw new EnvError('REDIS_CLUSTER_NODES and REDIS_SENTINELS are both set: a deployment uses one or the other');
  const prefix = env.EXILEWATCH_PREFIX || 'exilewatch';
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new EnvError('EXILEWATCH_PREFIX: use letters, digits, - and _');
  const out: AppEnv = {
    watchlistPath: env.EXILEWATCH_WATCHLIST || 'config/watchlist.yaml',
    feedsPath: env.EXILEWATCH_FEEDS || 'config/feeds.yaml',
    sentinel: sentinelList ? { sentinels: sentinelList, sentinelName: env.REDIS_SENTINEL_NAME || 'mymaster' } : {},
    prefix,
    mailFrom: env.MAIL_FROM || 'exilewatch <alerts@exilewatch.localhost>',
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat(env.LOG_FORMAT),
    noColor: Boolean(env.NO_COLOR),
    dataDir: env.EXILEWATCH_DATA_DIR || 'var',
    localRedisPort: Number(env.EXILEWATCH_LOCAL_REDIS_PORT || 6379),
    jobLockMs: Number(env.EXILEWATCH_JOB_LOCK_MS || 30_000),
    deliveryRetryMs: Number(env.EXILEWATCH_DELIVERY_RETRY_MS || 30_000),
    replayWindowMs: replayWindow(env.EXILEWATCH_REPLAY_WINDOW),
    http: { port: httpPort(env.HTTP_PORT), host: env.HTTP_HOST || '127.0.0.1' },
    vars: { ...env },
  };
  if (!Number.isInteger(out.localRedisPort) || out.localRedisPort < 1 || out.localRedisPort > 65535) {
    throw new EnvError('EXILEWATCH_LOCAL_REDIS_PORT: not a port number');
  }
  if (!Number.isInteger(out.jobLockMs) || out.jobLockMs < 1000) throw new EnvError('EXILEWATCH_JOB_LOCK_MS: a whole number of milliseconds, 1000 or more');
  if (!Number.isInteger(out.deliveryRetryMs) || out.deliveryRetryMs < 100)
    throw new EnvError('EXILEWATCH_DELIVERY_RETRY_MS: a whole number of milliseconds, 100 or more');
  if (env.REDIS_URL) out.redisUrl = env.REDIS_URL;
  if (clusterNodes) out.clusterNodes = clusterNodes;
  if (env.SMTP_URL) out.smtpUrl = env.SMTP_URL;
  if (env.MAIL_REPLY_TO) out.mailReplyTo = env.MAIL_REPLY_TO;
  if (env.EXILEWATCH_KILL_AT) out.killAt = env.EXILEWATCH_KILL_AT;
  // Taken as written, spaces included: trimming would let a different password in than the one set.
  if (env.ADMIN_PASSWORD) out.http.adminPassword = env.ADMIN_PASSWORD;
  return out;
}
