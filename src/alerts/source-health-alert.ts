import { createHash } from 'node:crypto';
import type { SourceHealth } from '../sources/source-health';
import type { AlertRecord } from '../store/alert-store';

/**
 * An alert about a source rather than an article: it is failing, or a source that publishes daily has
 * gone quiet. It travels the same routes and renderers as any alert; one per incident.
 */
export function sourceHealthAlert(health: SourceHealth, sourceUrl: string, reason: 'failing' | 'silent', routeId: string, now: number): AlertRecord {
  const since = reason === 'failing' ? (health.lastSuccessAt ?? 0) : (health.newestItemAt ?? 0);
  const id = createHash('sha256').update(['source-health', health.sourceId, reason, since].join('\u0000')).digest('hex').slice(0, 32);
  const snippet =
    reason === 'failing'
      ? `${health.sourceId} has failed ${health.consecutiveFailures} times in a row` +
        (health.lastSuccessAt ? ` (last success ${new Date(health.lastSuccessAt).toISOString()})` : ' and has never been read') +
        `. Last error: ${health.lastErrorKind ?? 'unknown'}: ${health.lastErrorMessage ?? ''}. exilewatch keeps trying, less often, until it recovers.`
      : `${health.sourceId} usually publishes about ${Math.round(health.itemsPerDay ?? 1)} items a day and has published nothing since ${new Date(health.newestItemAt ?? 0).toISOString()}. Its feed may have moved or stopped.`;
  return {
    alert: {
      id,
      articleId: `source-${health.sourceId}`,
      rule: `source-${reason}`,
      severity: 'high',
      entries: [health.sourceId],
      signalIds: [],
      contextIds: [],
      snippet,
      evidence: [{ field: 'content', text: snippet, highlights: [] }],
      routes: [routeId],
    },
    article: { id: `source-${health.sourceId}`, sourceId: health.sourceId, url: sourceUrl, title: `Source ${health.sourceId} is ${reason}` },
    createdAt: now,
  };
}
