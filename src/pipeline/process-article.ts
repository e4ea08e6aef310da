import type { Article } from '../articles/article';
import { routesFor } from '../alerts/routing';
import type { Route } from '../config/watchlist-schema';
import type { CompiledWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import type { Stores } from '../store';
import type { Logger } from '../util/logger';

export interface ArticleStageDeps {
  compiled: CompiledWatchlist;
  routes: readonly Route[];
  stores: Stores;
  /** Queue a delivery of one alert on one route (one job per alert and route). */
  enqueueDelivery(alertId: string, routeId: string): Promise<void>;
  /** Put an alert in a digest route's next digest. */
  addToDigest(alertId: string, routeId: string): Promise<void>;
  /** Full text for articles whose source asks for it, or whose feed carries only a summary. */
  completeArticle?(article: Article): Promise<Article>;
  log: Logger;
  now(): number;
}

export interface ArticleOutcome {
  outcome: 'matched' | 'expired';
  matches: number;
  alerts: string[];
  deliveries: number;
}

/** The article stage: complete the text, match, record each new alert, hand it to its routes. */
export async function processArticle(articleId: string, deps: ArticleStageDeps): Promise<ArticleOutcome> {
  const stored = await deps.stores.articles.get(articleId);
  if (!stored) return { outcome: 'expired', matches: 0, alerts: [], deliveries: 0 };
  const article = deps.completeArticle ? await deps.completeArticle(stored) : stored;
  const { matches, alerts } = matchArticle(article, deps.compiled);

  const created: string[] = [];
  let deliveries = 0;
  for (const alert of alerts) {
    const isNew = await deps.stores.alerts.create({
      alert,
      article: { id: article.id, sourceId: article.sourceId, url: article.url, title: article.title, ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}) },
      createdAt: deps.now(),
    });
    if (!isNew) continue;
    created.push(alert.id);
    for (const route of routesFor(alert, deps.routes)) {
      if (route.mode === 'digest') {
        await deps.addToDigest(alert.id, route.id);
        await deps.stores.alerts.setDelivery(alert.id, route.id, { state: 'digest', at: deps.now() });
      } else {
        await deps.enqueueDelivery(alert.id, route.id);
        await deps.stores.alerts.setDelivery(alert.id, route.id, { state: 'queued', at: deps.now() });
      }
      deliveries++;
    }
    // Watchlist ids are names; they reach the log only when the operator has asked for it.
    const names = deps.compiled.watchlist.settings.logNames ? { entries: alert.entries } : {};
    deps.log.info({ article_id: article.id, alert_id: alert.id, rule: alert.rule, severity: alert.severity, ...names }, 'alert raised');
  }
  return { outcome: 'matched', matches: matches.length, alerts: created, deliveries };
}
