import type { Alert } from '../alerts/alert';
import { renderAlertEmail, DEFAULT_MESSAGE_ID_DOMAIN } from '../alerts/render/email';
import { buildAlertView } from '../alerts/render/view';
import { routesFor } from '../alerts/routing';
import type { Article } from '../articles/article';
import { articleFingerprint } from '../articles/identity';
import { parseDuration, type FeedsConfig, type SourceConfig } from '../config/feeds-schema';
import { sourceNames } from '../config/source-names';
import type { Route } from '../config/watchlist-schema';
import type { CompiledWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import { classifyError } from '../sources/fetch-error';
import type { PollResult, PollState } from '../sources/poll-source';
import type { Stores } from '../store';
import type { SourceSummary } from '../worker/once';

export interface DryRunDeps {
  feeds: FeedsConfig;
  compiled: CompiledWatchlist;
  /** Read only: what was seen and alerted before, so the dry run shows what a real run would do now. */
  stores: Pick<Stores, 'seen' | 'health' | 'alerts'>;
  poll(source: SourceConfig, state: PollState): Promise<PollResult>;
  completeArticle(article: Article): Promise<Article>;
  now(): number;
  /** Told as each source ends, like `once`'s progress. */
  onSource?: (s: SourceSummary, newArticles: number, seconds: number) => void;
}

export interface WouldSend {
  route: string;
  kind: Route['kind'];
  /** `immediate` delivery, or a place in the route's next digest. */
  mode: 'immediate' | 'digest';
  subject: string;
}

export interface WouldAlert {
  alert: Alert;
  article: Pick<Article, 'title' | 'url' | 'sourceId'>;
  /** The alert was raised by an earlier run: a real run now sends nothing more for it. */
  alreadyRaised: boolean;
  routes: WouldSend[];
}

export interface DryRunReport {
  sources: SourceSummary[];
  articlesNew: number;
  articlesSeen: number;
  backCatalogue: number;
  matches: number;
  alerts: WouldAlert[];
}

/**
 * `exilewatch once --dry-run`: polls every source, matches and renders as a real run would, and
 * writes nothing to Redis (no seen-article claims, no alerts, no source health, no ETags): a real run
 * afterwards alerts on the same articles. Feeds are fetched in full, without the validators a real
 * run sends, so a dry run never answers "not modified" for an article it has not shown.
 */
export async function dryRun(deps: DryRunDeps): Promise<DryRunReport> {
  const started = deps.now();
  const report: DryRunReport = { sources: [], articlesNew: 0, articlesSeen: 0, backCatalogue: 0, matches: 0, alerts: [] };
  const enabled = deps.feeds.sources.filter((s) => s.enabled);
  const polled = await Promise.all(
    enabled.map(async (source) => {
      const health = await deps.stores.health.get(source.id);
      const state: PollState = health.feedUrl ? { feedUrl: health.feedUrl, ...(health.feedUrlFoundOn ? { feedUrlFoundOn: health.feedUrlFoundOn } : {}) } : {};
      let result: PollResult;
      try {
        result = await deps.poll(source, state);
      } catch (err) {
        const e = classifyError(err, source.url);
        const failed: SourceSummary = { id: source.id, outcome: 'failed', errorKind: e.kind, error: e.message, items: 0 };
        deps.onSource?.(failed, 0, (deps.now() - started) / 1000);
        return { summary: failed, fresh: [] as Article[] };
      }
      const fresh: Article[] = [];
      const firstPoll = health.lastSuccessAt === undefined;
      const maxAgeMs = parseDuration(deps.feeds.defaults.firstPollMaxAge);
      for (const article of result.articles) {
        const published = article.publishedAt ? Date.parse(article.publishedAt) : NaN;
        if (firstPoll && Number.isFinite(published) && started - published > maxAgeMs) report.backCatalogue++;
        else if (await deps.stores.seen.wasSeen(article.id, articleFingerprint(article))) report.articlesSeen++;
        else fresh.push(article);
      }
      const summary: SourceSummary = { id: source.id, outcome: result.outcome, items: result.articles.length };
      deps.onSource?.(summary, fresh.length, (deps.now() - started) / 1000);
      return { summary, fresh };
    }),
  );
  const names = sourceNames(deps.feeds);
  const { watchlist } = deps.compiled;
  for (const { summary, fresh } of polled) {
    report.sources.push(summary);
    report.articlesNew += fresh.length;
    for (const stored of fresh) {
      const article = await deps.completeArticle(stored);
      const { matches, alerts } = matchArticle(article, deps.compiled);
      report.matches += matches.length;
      for (const alert of alerts) {
        const record = {
          alert,
          article: {
            id: article.id,
            sourceId: article.sourceId,
            url: article.url,
            title: article.title,
            ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
          },
          createdAt: deps.now(),
        };
        const routes = routesFor(alert, watchlist.routes).map((route): WouldSend => {
          const view = buildAlertView(record, watchlist, route, names);
          // The email subject stands for every channel: it is the alert at a glance, redacted as the route redacts.
          const subject = renderAlertEmail(view, { messageIdDomain: DEFAULT_MESSAGE_ID_DOMAIN, now: deps.now() }).subject;
          return { route: route.id, kind: route.kind, mode: route.mode === 'digest' ? 'digest' : 'immediate', subject };
        });
        const alreadyRaised = (await deps.stores.alerts.get(alert.id)) !== undefined;
        report.alerts.push({ alert, article: { title: article.title, url: article.url, sourceId: article.sourceId }, alreadyRaised, routes });
      }
    }
  }
  return report;
}

/** What `once --dry-run` prints: each alert, then each route it would go to with its subject. */
export function formatDryRun(r: DryRunReport): string {
  const ok = r.sources.filter((s) => s.outcome === 'ok' || s.outcome === 'not-modified');
  const failed = r.sources.filter((s) => !(s.outcome === 'ok' || s.outcome === 'not-modified'));
  const lines = ['dry run: nothing sent, nothing recorded', `sources: ${ok.length} ok, ${failed.length} failed`];
  for (const f of failed) lines.push(`  ${f.id}: ${f.errorKind ?? f.outcome}${f.error ? ` — ${f.error}` : ''}`);
  lines.push(`articles: ${r.articlesNew} new, ${r.articlesSeen} seen before${r.backCatalogue ? `, ${r.backCatalogue} back catalogue (not alerted)` : ''}`);
  lines.push(`matches: ${r.matches}`);
  lines.push(`alerts: ${r.alerts.length}`);
  for (const a of r.alerts) {
    lines.push(
      `  ${a.alert.severity.toUpperCase()} ${a.alert.rule}: ${a.article.title || '(no title)'}${a.alreadyRaised ? ' (raised before: not sent again)' : ''}`,
    );
    lines.push(`    ${a.article.url}`);
    if (a.routes.length === 0) lines.push('    no route takes it (severity below every route)');
    for (const s of a.routes) {
      const how = s.mode === 'digest' ? `${s.kind}, next digest` : s.kind;
      lines.push(`    -> ${s.route} (${how}): ${s.subject}`);
    }
  }
  const sends = r.alerts.filter((a) => !a.alreadyRaised).flatMap((a) => a.routes);
  const now = sends.filter((s) => s.mode === 'immediate').length;
  lines.push(`would send: ${now} now, ${sends.length - now} into digests`);
  return lines.join('\n') + '\n';
}
