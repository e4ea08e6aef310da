import { Queue, type JobsOptions } from 'bullmq';
import { queuePrefix, type RedisConnections } from './redis';

/** Queue names, by pipeline stage. */
export const QUEUE = { poll: 'poll', article: 'article', deliver: 'deliver', digest: 'digest', replay: 'replay' } as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** Job payloads carry ids only: Redis job hashes are plain text, and bodies live in the stores. */
export interface PollJobData {
  sourceId: string;
  /** Poll even while the source is backing off (`exilewatch once`). */
  force?: boolean;
}
export interface ArticleJobData {
  articleId: string;
  sourceId: string;
}
export interface DeliverJobData {
  alertId: string;
  routeId: string;
}
export interface DigestJobData {
  routeId: string;
}
/** Match the articles kept since `since` again, on the configuration `configVersion` names. */
export interface ReplayJobData {
  since: number;
  configVersion: string;
  /** Why, in a word or two ("watchlist-gained"): never which entries, which are names. */
  reason: string;
}

/** Job ids are derived from content, so adding the same job twice is harmless. BullMQ forbids ':'. */
export const jobId = {
  pollOnce: (sourceId: string, at: number) => `poll-${sourceId}-once-${at}`,
  pollFirst: (sourceId: string) => `poll-${sourceId}-first`,
  article: (articleId: string) => `article-${articleId}`,
  deliver: (alertId: string, routeId: string) => `deliver-${alertId}-${routeId}`,
  pollScheduler: (sourceId: string) => `poll-${sourceId}`,
  digestScheduler: (routeId: string) => `digest-${routeId}`,
  // One replay per configuration: every worker that reloads the same files asks for the same job.
  replay: (configVersion: string) => `replay-${configVersion}`,
};

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 5000 }, removeOnFail: { age: 30 * 24 * 3600 } };

export const JOB_DEFAULTS: Record<QueueName, JobsOptions> = {
  // A failed poll is an outcome recorded in the source's health, not a job to retry: the schedule retries.
  [QUEUE.poll]: { ...KEEP, attempts: 1 },
  [QUEUE.article]: { ...KEEP, attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  // 14 attempts doubling from 30 s cover about three days: an SMTP server down for hours loses nothing.
  [QUEUE.deliver]: { ...KEEP, attempts: 14, backoff: { type: 'exponential', delay: 30_000 } },
  [QUEUE.digest]: { ...KEEP, attempts: 10, backoff: { type: 'exponential', delay: 60_000 } },
  // Retries cover a worker still on the previous configuration (about five minutes in all).
  [QUEUE.replay]: { ...KEEP, attempts: 6, backoff: { type: 'exponential', delay: 10_000 } },
};

export type Queues = Record<QueueName, Queue>;

export function createQueues(conns: RedisConnections, overrides: Partial<Record<QueueName, JobsOptions>> = {}): Queues {
  const make = (name: QueueName): Queue =>
    new Queue(name, { connection: conns.create(), prefix: queuePrefix(conns.config, name), defaultJobOptions: { ...JOB_DEFAULTS[name], ...overrides[name] } });
  return { poll: make(QUEUE.poll), article: make(QUEUE.article), deliver: make(QUEUE.deliver), digest: make(QUEUE.digest), replay: make(QUEUE.replay) };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
