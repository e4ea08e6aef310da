import type { Article } from '../articles/article';
import { severityRank, type Severity } from '../config/severity';
import type { CompiledWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import type { ArticleStore } from '../store/article-store';
import type { Logger } from '../util/logger';
import { alertRecord } from './alert-record';
import { dispatchAlert, type DispatchDeps } from './dispatch-alert';

export interface ArticleStageDeps extends DispatchDeps {
  compiled: CompiledWatchlist;
  articles: ArticleStore;
  /** Full text for articles whose source asks for it, or whose feed carries only a summary. */
  completeArticle?(article: Article): Promise<Article>;
  /** Keep the text as matched, for a replay after the watchlist gains entries (store/replay-store.ts). */
  keepForReplay?(article: Article, discoveredAt: number): Promise<void>;
  log: Logger;
}

export interface ArticleOutcome {
  outcome: 'matched' | 'expired';
  matches: number;
  alerts: string[];
  /** Severities of the alerts raised by this run, in the order of `alerts`. */
  raised: Severity[];
  /** The highest severity of every rule that fired, new alert or not. */
  highest?: Severity;
  /** (alert, route) pairs queued for immediate delivery. */
  deliveries: Array<{ alertId: string; routeId: string }>;
}

/**
 * The article stage: complete the text, match, record each new alert, hand it to its routes.
 * `discoveredAt` is when a poll first saw the article, kept with its alerts to time their delivery.
 */
export async function processArticle(articleId: string, deps: ArticleStageDeps, discoveredAt?: number): Promise<ArticleOutcome> {
  const stored = await deps.articles.get(articleId);
  if (!stored) return { outcome: 'expired', matches: 0, alerts: [], raised: [], deliveries: [] };
  const article = deps.completeArticle ? await deps.completeArticle(stored) : stored;
  const { matches, alerts } = matchArticle(article, deps.compiled);
  await deps.keepForReplay?.(article, discoveredAt ?? deps.now());
  await deps.killPoint?.('article:matched');

  const created: string[] = [];
  const raised: Severity[] = [];
  let highest: Severity | undefined;
  const deliveries: ArticleOutcome['deliveries'] = [];
  for (const alert of alerts) {
    if (!highest || severityRank(alert.severity) > severityRank(highest)) highest = alert.severity;
    const { created: isNew, queued } = await dispatchAlert(alertRecord(alert, article, deps.now(), discoveredAt), deps);
    deliveries.push(...queued.map((routeId) => ({ alertId: alert.id, routeId })));
    if (!isNew) {
      if (queued.length > 0)
        deps.log.warn({ article_id: article.id, alert_id: alert.id, routes: queued.length }, 'alert routes queued after an interrupted run');
      continue;
    }
    created.push(alert.id);
    raised.push(alert.severity);
    // Watchlist ids are names; they reach the log only when the operator has asked for it.
    const names = deps.compiled.watchlist.settings.logNames ? { entries: alert.entries } : {};
    deps.log.info({ article_id: article.id, alert_id: alert.id, rule: alert.rule, severity: alert.severity, routes: queued.length, ...names }, 'alert raised');
  }
  // Matched and handed over: the body is not read again (a replay reads its own copy). A crash before
  // this line leaves it to the retry, and to its lifetime.
  await deps.articles.remove(articleId);
  return { outcome: 'matched', matches: matches.length, alerts: created, raised, ...(highest ? { highest } : {}), deliveries };
}
