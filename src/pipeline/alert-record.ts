import type { Alert } from '../alerts/alert';
import type { Article } from '../articles/article';
import type { AlertRecord } from '../store/alert-store';

/** What is kept with an alert: the alert and the article summary delivery renders from, never the body. */
export function alertRecord(alert: Alert, article: Article, createdAt: number, discoveredAt?: number): AlertRecord {
  const summary = {
    id: article.id,
    sourceId: article.sourceId,
    url: article.url,
    title: article.title,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
  };
  return { alert, article: summary, createdAt, ...(discoveredAt !== undefined ? { discoveredAt } : {}) };
}
