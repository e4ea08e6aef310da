import { DelayedError, UnrecoverableError, Worker, type Job, type Processor } from 'bullmq';
import { DeliveryError } from '../alerts/channels/delivery-error';
import { deliverAlert, RoutePaced, type DeliveryOutcome, type DeliveryStageDeps } from '../pipeline/deliver-alert';
import { sendDigest, type DigestDeps, type DigestOutcome } from '../pipeline/send-digest';
import { z } from 'zod';
import { processArticle, type ArticleOutcome, type ArticleStageDeps } from '../pipeline/process-article';
import { refreshSource, type RefreshOutcome, type SourceStageDeps } from '../pipeline/refresh-source';
import { replayArticles, type ReplayDeps, type ReplayOutcome } from '../pipeline/replay-articles';
import type { Logger } from '../util/logger';
import type { QueueName } from './queues';
import { queuePrefix, type RedisConnections } from './redis';

/** Payloads are checked when picked up: a job written by an older or newer version fails clearly. */
const pollData = z.object({ sourceId: z.string().min(1), force: z.boolean().optional() });
const articleData = z.object({ articleId: z.string().min(1), sourceId: z.string().min(1) });

/**
 * Each processor is handed a function for its stage's deps and calls it once when a job starts: after
 * a reload of the configuration the next job gets the new deps, and a job in progress keeps its own.
 */
export type CurrentDeps<T> = () => T;

export const pollProcessor =
  (current: CurrentDeps<SourceStageDeps>): Processor<unknown, RefreshOutcome> =>
  async (job) => {
    const data = pollData.parse(job.data);
    return refreshSource(data.sourceId, current(), { force: data.force === true, ...(job.id ? { claimant: job.id } : {}) });
  };

export const articleProcessor =
  (current: CurrentDeps<ArticleStageDeps>): Processor<unknown, ArticleOutcome> =>
  async (job) =>
    // The job was added by the poll that discovered the article: its timestamp is the discovery time.
    processArticle(articleData.parse(job.data).articleId, current(), job.timestamp);

const replayData = z.object({ since: z.number().int().nonnegative(), configVersion: z.string().min(1), reason: z.string().regex(/^[a-z0-9-]{1,40}$/) });

/** A replay asked for by a worker on another configuration than this one's: retried until they agree. */
export class ReplayConfigMismatch extends Error {
  override name = 'ReplayConfigMismatch';
  constructor(wanted: string, running: string) {
    super(`replay is for configuration ${wanted}, this worker runs ${running}; retried once it has reloaded`);
  }
}

/** What the replay job returns: counts only, since the alerts themselves are in the alert store. */
export interface ReplayJobResult {
  articles: number;
  raised: number;
  folded: number;
  alreadyAlerted: number;
  deliveries: number;
}

/**
 * A replay on the configuration the job names: matching on any other would miss what it gained, or
 * find what a later one dropped. `deps` is read when the job runs, so it is the configuration loaded now.
 */
export const replayProcessor =
  (deps: () => ReplayDeps, configVersion: () => string): Processor<unknown, ReplayJobResult> =>
  async (job) => {
    const data = replayData.parse(job.data);
    if (data.configVersion !== configVersion()) throw new ReplayConfigMismatch(data.configVersion, configVersion());
    const outcome: ReplayOutcome = await replayArticles({ since: data.since }, deps());
    return {
      articles: outcome.articles,
      raised: outcome.alerts.filter((a) => a.outcome === 'raised').length,
      folded: outcome.alerts.filter((a) => a.outcome === 'folded').length,
      alreadyAlerted: outcome.alreadyAlerted,
      deliveries: outcome.deliveries,
    };
  };

const deliverData = z.object({ alertId: z.string().min(1), routeId: z.string().min(1) });

/**
 * Delivery of one alert on one route. A permanent failure stops at once (UnrecoverableError); a
 * receiver's Retry-After moves the job back for exactly that long; anything else is retried with the
 * queue's exponential back-off. The outcome is recorded for `exilewatch alerts list` and `status`.
 */
export const deliverProcessor =
  (current: CurrentDeps<DeliveryStageDeps>): Processor<unknown, DeliveryOutcome> =>
  async (job, token) => {
    const deps = current();
    const { alertId, routeId } = deliverData.parse(job.data);
    // Every start counts (BullMQ's attemptsStarted): after a crash, a Retry-After or a pacing wait the
    // next try says it is a later attempt, so a receiver can tell a repeat (docs/webhooks.md).
    const attempt = startedAttempt(job);
    try {
      return await deliverAlert(alertId, routeId, attempt, deps);
    } catch (err) {
      if (err instanceof RoutePaced && token) {
        await job.moveToDelayed(Date.now() + err.waitMs, token);
        throw new DelayedError();
      }
      return failDelivery(err, job, token, async (e, final) => {
        await deps.alerts.setDelivery(alertId, routeId, { state: final ? 'failed' : 'queued', at: deps.now(), attempts: attempt, error: e.message });
      });
    }
  };

const digestData = z.object({ routeId: z.string().min(1) });

/** One digest for one route, on the route's schedule; failures are handled as for single alerts. */
export const digestProcessor =
  (current: CurrentDeps<DigestDeps>): Processor<unknown, DigestOutcome> =>
  async (job, token) => {
    const { routeId } = digestData.parse(job.data);
    try {
      return await sendDigest(routeId, startedAttempt(job), current());
    } catch (err) {
      return failDelivery(err, job, token, () => Promise.resolve());
    }
  };

function startedAttempt(job: Job): number {
  return Math.max(job.attemptsStarted, job.attemptsMade + job.stalledCounter + 1);
}

/** What every delivery does when its channel fails: stop, wait as asked, or let the queue retry. */
async function failDelivery(err: unknown, job: Job, token: string | undefined, record: (e: DeliveryError, final: boolean) => Promise<void>): Promise<never> {
  const e = err instanceof DeliveryError ? err : new DeliveryError('email', (err as Error).message, { permanent: false, cause: err });
  const final = e.permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  await record(e, final);
  if (e.permanent) throw new UnrecoverableError(e.message);
  if (e.retryAfterMs !== undefined && token) {
    await job.moveToDelayed(Date.now() + e.retryAfterMs, token);
    throw new DelayedError();
  }
  throw e;
}

/**
 * How long a job stays locked to a worker that stops answering. After that another worker takes it
 * over: a crashed worker's deliveries are retried, with the same idempotency key and Message-ID.
 */
// Enough for a worker that crashes again and again (a hostile input is bounded elsewhere) to be fixed.
const MAX_STALLS = 1000;

export interface Recovery {
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export function startWorker<R>(
  name: QueueName,
  processor: Processor<unknown, R>,
  conns: RedisConnections,
  log: Logger,
  concurrency: number,
  recovery: Recovery = {},
): Worker {
  // The job's writes reach a replica before the job is marked done (a no-op off a cluster).
  const settled: Processor<unknown, R> = async (job, token) => {
    const result = await processor(job, token);
    await conns.replicated();
    return result;
  };
  const worker = new Worker(name, settled, {
    connection: conns.create(),
    prefix: queuePrefix(conns.config, name),
    concurrency,
    autorun: true,
    ...(recovery.lockDurationMs ? { lockDuration: recovery.lockDurationMs } : {}),
    ...(recovery.stalledIntervalMs ? { stalledInterval: recovery.stalledIntervalMs } : {}),
    // A stall is a crashed worker, not a failed attempt: it must not use up a job. Attempts count failures.
    maxStalledCount: MAX_STALLS,
  });
  // Failures are logged once, on the last attempt; earlier ones are retries the queue will make.
  worker.on('failed', (job: Job | undefined, err: Error) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'error' : 'warn']({ queue: name, job_id: job.id, attempt: job.attemptsMade, error: err.message }, final ? 'job failed' : 'job will be retried');
  });
  worker.on('error', (err) => conns.report(err, { queue: name }));
  return worker;
}
