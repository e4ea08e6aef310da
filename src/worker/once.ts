import type { DeliveryOutcome } from '../pipeline/deliver-alert';
import type { ArticleOutcome } from '../pipeline/process-article';
import type { RefreshOutcome } from '../pipeline/refresh-source';
import { jobId } from '../queue/queues';
import type { Runtime } from './runtime';
import { waitForJob } from './wait-for-job';

export interface SourceSummary {
  id: string;
  outcome: RefreshOutcome['outcome'] | 'error';
  errorKind?: string;
  error?: string;
  items: number;
}

/** Told as each source's poll ends, with how many of its articles were new: for a caller that shows progress. */
export interface OnceProgress {
  /** `seconds`: from the start of the run to the end of this source's poll. */
  source?: (s: SourceSummary, newArticles: number, seconds: number) => void;
}

/** One progress line: "source bbc-asia: 12 items, 3 new (1.2 s)". */
export function progressLine(s: SourceSummary, newArticles: number, seconds: number): string {
  const took = `(${seconds.toFixed(1)} s)`;
  if (s.outcome === 'ok') return `source ${s.id}: ${s.items} item${s.items === 1 ? '' : 's'}, ${newArticles} new ${took}`;
  if (s.outcome === 'not-modified') return `source ${s.id}: not modified ${took}`;
  return `source ${s.id}: ${s.outcome}${s.errorKind ? `, ${s.errorKind}` : ''}${s.error ? ` — ${s.error}` : ''} ${took}`;
}

export interface OnceSummary {
  sources: SourceSummary[];
  articlesNew: number;
  articlesSeen: number;
  backCatalogue: number;
  matches: number;
  alerts: number;
  deliveries: { sent: number; retrying: number; failed: number };
  seconds: number;
}

const WAIT_MS = 10 * 60_000;

/**
 * Polls every source once through the real queues, waits until what that started is done, and sums
 * it up. Runs beside any long-running workers without disturbing their schedules.
 */
export async function runOnce(runtime: Runtime, progress: OnceProgress = {}): Promise<OnceSummary> {
  const started = Date.now();
  const { feeds } = runtime.config;
  const summary: OnceSummary = {
    sources: [],
    articlesNew: 0,
    articlesSeen: 0,
    backCatalogue: 0,
    matches: 0,
    alerts: 0,
    deliveries: { sent: 0, retrying: 0, failed: 0 },
    seconds: 0,
  };
  const polls = await Promise.all(
    feeds.sources
      .filter((s) => s.enabled)
      .map(async (s) => {
        const id = jobId.pollOnce(s.id, started);
        await runtime.queues.poll.add('poll', { sourceId: s.id, force: true }, { jobId: id });
        return { sourceId: s.id, id };
      }),
  );
  // Waited for side by side, so progress tells of each source as it ends, not in the feeds file's order.
  const ends = await Promise.all(
    polls.map(async (poll) => {
      const end = await waitForJob<RefreshOutcome>(runtime.queues.poll, poll.id, WAIT_MS);
      const seconds = (Date.now() - started) / 1000;
      if (end.state !== 'completed') {
        const failed: SourceSummary = { id: poll.sourceId, outcome: 'error', error: 'reason' in end ? end.reason : 'job vanished', items: 0 };
        progress.source?.(failed, 0, seconds);
        return { summary: failed };
      }
      const r = end.value;
      const done: SourceSummary = {
        id: r.sourceId,
        outcome: r.outcome,
        items: r.items,
        ...(r.errorKind ? { errorKind: r.errorKind, error: r.error } : {}),
      };
      progress.source?.(done, r.newArticles.length, seconds);
      return { summary: done, refresh: r };
    }),
  );
  const articleJobs: string[] = [];
  for (const { summary: done, refresh: r } of ends) {
    summary.sources.push(done);
    if (!r) continue;
    summary.articlesNew += r.newArticles.length;
    summary.articlesSeen += r.seen;
    summary.backCatalogue += r.backCatalogue;
    articleJobs.push(...r.newArticles.map(jobId.article));
  }
  const deliveryJobs: string[] = [];
  for (const id of articleJobs) {
    const end = await waitForJob<ArticleOutcome>(runtime.queues.article, id, WAIT_MS);
    if (end.state !== 'completed') continue;
    summary.matches += end.value.matches;
    summary.alerts += end.value.alerts.length;
    deliveryJobs.push(...end.value.deliveries.map((d) => jobId.deliver(d.alertId, d.routeId)));
  }
  // The first attempt of each delivery: a receiver that is down is retried later by a running worker.
  for (const id of deliveryJobs) {
    const end = await waitForJob<DeliveryOutcome>(runtime.queues.deliver, id, WAIT_MS);
    if (end.state === 'completed') summary.deliveries.sent++;
    else if (end.state === 'failed') summary.deliveries.failed++;
    else summary.deliveries.retrying++;
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

export function formatSummary(s: OnceSummary): string {
  const ok = s.sources.filter((x) => x.outcome === 'ok' || x.outcome === 'not-modified');
  const failed = s.sources.filter((x) => !(x.outcome === 'ok' || x.outcome === 'not-modified'));
  const lines = [`sources: ${ok.length} ok, ${failed.length} failed`];
  for (const f of failed) lines.push(`  ${f.id}: ${f.errorKind ?? f.outcome}${f.error ? ` — ${f.error}` : ''}`);
  lines.push(`articles: ${s.articlesNew} new, ${s.articlesSeen} seen before${s.backCatalogue ? `, ${s.backCatalogue} back catalogue (not alerted)` : ''}`);
  lines.push(`matches: ${s.matches}`);
  const d = s.deliveries;
  lines.push(`alerts: ${s.alerts}`);
  lines.push(`deliveries: ${d.sent} sent, ${d.retrying} to retry, ${d.failed} failed`);
  lines.push(`took ${s.seconds.toFixed(1)} s`);
  return lines.join('\n') + '\n';
}
