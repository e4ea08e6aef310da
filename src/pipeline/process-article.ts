import type { Article } from '../articles/article';
import type { CompiledWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import type { ArticleStore } from '../store/article-store';
import type { Logger } from '../util/logger';
import { dispatchAlert, type DispatchDeps } from './dispatch-alert';

export interface ArticleStageDeps extends DispatchDeps {
  compiled: CompiledWatchlist;
  articles: ArticleStore;
  /** Full text for articles whose source asks for it, or whose feed carries only a summary. */
  completeArticle?(article: Article): Promise<Article>;
  log: Logger;
}

export interface ArticleOutcome {
  outcome: 'matched' | 'expired';
  matches: number;
  alerts: string[];
  /** (alert, route) pairs queued for immediate delivery. */
  deliveries: Array<{ alertId: string; routeId: string }>;
}

/** The article stage: complete the text, match, record each new alert, hand it to its routes. */
export async function processArticle(articleId: string, deps: ArticleStageDeps): Promise<ArticleOutcome> {
  const stored = await deps.articles.get(articleId);
  if (!stored) return { outcome: 'expired', matches: 0, alerts: [], deliveries: [] };
  const article = deps.completeArticle ? await deps.completeArticle(stored) : stored;
  const { matches, alerts } = matchArticle(article, deps.compiled);
  await deps.killPoint?.('article:matched');

  const created: string[] = [];
  const deliveries: ArticleOutcome['deliveries'] = [];
  for (const alert of alerts) {
    const summary = {
      id: article.id,
      sourceId: article.sourceId,
      url: article.url,
      title: article.title,
      ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    };
    const { created: isNew, queued } = await dispatchAlert({ alert, article: summary, createdAt: deps.now() }, deps);
    deliveries.push(...queued.map((routeId) => ({ alertId: alert.id, routeId })));
    if (!isNew) {
      if (queued.length > 0)
        deps.log.warn({ article_id: article.id, alert_id: alert.id, routes: queued.length }, 'alert routes queued after an interrupted run');
      continue;
    }
    created.push(alert.id);
    // Watchlist ids are names; they reach the log only when the operator has asked for it.
    const names = deps.compiled.watchlist.settings.logNames ? { entries: alert.entries } : {};
    deps.log.info({ article_id: article.id, alert_id: alert.id, rule: alert.rule, severity: alert.severity, routes: queued.length, ...names }, 'alert raised');
  }
  return { outcome: 'matched', matches: matches.length, alerts: created, deliveries };
}
