import { randomUUID } from 'node:crypto';
import { articleFingerprint } from '../articles/identity';
import { parseDuration, type FeedsConfig, type SourceConfig } from '../config/feeds-schema';
import { FetchError, classifyError } from '../sources/fetch-error';
import type { PollResult, PollState } from '../sources/poll-source';
import { dueForCheck, healthAlertReason, recordFailure, recordSuccess, type SourceHealth } from '../sources/source-health';
import type { Stores } from '../store';
import type { SeenItem } from '../store/seen-store';
import type { Article } from '../articles/article';
import type { Logger } from '../util/logger';
import type { KillPoint } from '../worker/kill-point';

export type PollFn = (source: SourceConfig, state: PollState) => Promise<PollResult>;

export interface SourceStageDeps {
  feeds: FeedsConfig;
  stores: Stores;
  poll: PollFn;
  /** How long an article claimed by a poll waits to be queued before another poll may claim it. */
  claimLeaseSeconds?: number;
  /** Queue articles for matching, one job each, by job ids derived from the articles. */
  enqueueArticles(articleIds: readonly string[], sourceId: string): Promise<void>;
  /** Tell operators a source is failing or silent, through the feeds file's healthRoute. */
  reportSourceHealth(health: SourceHealth, reason: 'failing' | 'silent'): Promise<void>;
  log: Logger;
  now(): number;
  /** Fault tests only: stops the process dead at a named step (see worker/kill-point.ts). */
  killPoint?: KillPoint;
}

export interface RefreshOutcome {
  sourceId: string;
  outcome: 'ok' | 'not-modified' | 'failed' | 'backing-off' | 'unknown-source';
  errorKind?: string;
  error?: string;
  items: number;
  newArticles: string[];
  seen: number;
  /** Old items of a source's first poll, taken as seen without alerting. */
  backCatalogue: number;
}

/**
 * The poll stage, told as a story: is the source due, fetch and parse it, keep only articles not seen
 * before, store them and queue each for matching, and record how the source is doing. A failure is an
 * outcome recorded in the source's health, never an exception for the queue to retry: the schedule
 * is the retry, slowed down by back-off.
 */
export async function refreshSource(sourceId: string, deps: SourceStageDeps, opts: { force?: boolean; claimant?: string } = {}): Promise<RefreshOutcome> {
  // The poll job's id: its retry after a crash takes back the articles it had claimed.
  const claimant = opts.claimant ?? randomUUID();
  const base = { sourceId, items: 0, newArticles: [] as string[], seen: 0, backCatalogue: 0 };
  const source = deps.feeds.sources.find((s) => s.id === sourceId && s.enabled);
  if (!source) return { ...base, outcome: 'unknown-source' };

  const now = deps.now();
  const health = await deps.stores.health.get(sourceId);
  if (!opts.force && !dueForCheck(health, now)) return { ...base, outcome: 'backing-off' };
  const intervalMs = parseDuration(source.interval ?? deps.feeds.defaults.interval);

  let result: PollResult;
  try {
    result = await deps.poll(source, health);
  } catch (err) {
    const error = err instanceof FetchError ? err : classifyError(err, source.url);
    const failed = recordFailure(
      health,
      now,
      { kind: error.kind, message: error.message, ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}) },
      intervalMs,
    );
    await reportIfNeeded(failed, deps);
    deps.log.warn({ source_id: sourceId, error_kind: error.kind, error: error.message, failures: failed.consecutiveFailures }, 'source failed');
    return { ...base, outcome: 'failed', errorKind: error.kind, error: error.message };
  }

  const firstPoll = health.lastSuccessAt === undefined;
  const maxAgeMs = parseDuration(deps.feeds.defaults.firstPollMaxAge);
  const outcome: RefreshOutcome = { ...base, outcome: result.outcome, items: result.articles.length };
  // One round trip per step for the whole feed, not per item: claims, bodies, jobs, seen marks.
  const backCatalogue: SeenItem[] = [];
  const candidates: Array<SeenItem & { article: Article }> = [];
  for (const article of result.articles) {
    const item = { articleId: article.id, fingerprint: articleFingerprint(article), article };
    const published = article.publishedAt ? Date.parse(article.publishedAt) : NaN;
    // An undated item's age is unknown: it counts as new, like an item published today.
    if (firstPoll && Number.isFinite(published) && now - published > maxAgeMs) backCatalogue.push(item);
    else candidates.push(item);
  }
  await deps.stores.seen.markAllSeen(backCatalogue);
  outcome.backCatalogue = backCatalogue.length;

  const claims = await deps.stores.seen.claimAll(candidates, claimant, deps.claimLeaseSeconds);
  const claimed = candidates.filter((_, i) => claims[i] === 'new');
  outcome.seen = candidates.length - claimed.length;
  const heldElsewhere = claims.includes('held');
  // Claimed for a few minutes, stored, queued, and only then marked seen for good: a crash before the
  // mark means a later poll queues them again (under the same job ids), never that one is skipped.
  for (let i = 0; i < claimed.length; i++) await deps.killPoint?.('poll:claimed');
  await deps.stores.articles.putAll(claimed.map((c) => c.article));
  await deps.enqueueArticles(
    claimed.map((c) => c.articleId),
    sourceId,
  );
  await deps.stores.seen.markAllSeen(claimed);
  outcome.newArticles = claimed.map((c) => c.articleId);

  // While another poll holds one of these items unqueued, the feed must be read in full next time
  // (no conditional GET): if that poll dies, a not-modified answer would hide the item for good.
  const validators = heldElsewhere ? {} : { etag: result.etag, lastModified: result.lastModified };
  const healthy = recordSuccess(health, now, {
    ...(validators.etag ? { etag: validators.etag } : {}),
    ...(validators.lastModified ? { lastModified: validators.lastModified } : {}),
    ...(result.feedUrl ? { feedUrl: result.feedUrl, feedUrlFoundOn: result.feedUrlFoundOn ?? source.url } : {}),
    itemDates: result.articles.map((a) => (a.publishedAt ? Date.parse(a.publishedAt) : NaN)),
    // Not-modified says nothing about the charset: the last note stands.
    ...(result.outcome === 'ok'
      ? result.charsetNote !== undefined
        ? { charsetNote: result.charsetNote }
        : {}
      : health.charsetNote !== undefined
        ? { charsetNote: health.charsetNote }
        : {}),
  });
  await reportIfNeeded(healthy, deps);
  deps.log.info(
    {
      source_id: sourceId,
      outcome: result.outcome,
      items: outcome.items,
      new: outcome.newArticles.length,
      seen: outcome.seen,
      back_catalogue: outcome.backCatalogue,
      invalid_items: result.invalidItems,
      ...(healthy.charsetNote !== undefined ? { charset_note: healthy.charsetNote } : {}),
    },
    'source polled',
  );
  return outcome;
}

async function reportIfNeeded(health: SourceHealth, deps: SourceStageDeps): Promise<void> {
  const reason = healthAlertReason(health, deps.now(), {
    failuresBeforeAlert: deps.feeds.defaults.healthAlertAfter,
    silentAfterMs: parseDuration(deps.feeds.defaults.silentAfter),
  });
  if (reason) {
    await deps.reportSourceHealth(health, reason);
    health = { ...health, alertedAt: deps.now(), alertedReason: reason };
  }
  await deps.stores.health.put(health);
}
