import { createHash } from 'node:crypto';
import { parseDuration } from '../../config/duration';
import { actionsFor } from '../../config/person-actions';
import type { Action, ContextEntry, Route, Watchlist } from '../../config/watchlist-schema';
import type { AlertRecord } from '../../store/alert-store';
import type { Alert } from '../alert';

/** Everything a renderer needs to turn one alert into one message for one route, names resolved. */
export interface AlertView {
  alert: Alert;
  article: { id?: string; title: string; url: string; sourceId: string; sourceName?: string; publishedAt?: string };
  person?: { id: string; name: string; caseCode: string };
  signals: Array<{ id: string; label: string }>;
  contexts: Array<{ id: string; label: string; kind: ContextEntry['kind'] }>;
  ruleDescription?: string;
  route: Route;
  /** What staff should do: the person's actions, or their tags' (config/person-actions.ts). */
  actions?: Action[];
  /** An article older than this when the message is rendered is an old story (settings.oldStoryAfter). */
  oldStoryAfterMs?: number;
  alsoReportedBy?: Array<{ sourceId: string; url: string; sourceName?: string }>;
  /** Id of the earlier alert (same person and signal) this one follows up. */
  followUpOf?: string;
  /** When exilewatch raised the alert (epoch ms). */
  detectedAt?: number;
  /**
   * Where the alert came from: a rule of the watchlist, or the health of a source (config/feeds.yaml).
   * Decides what "how to change this" tells the reader. Defaults to watchlist.
   */
  origin?: 'watchlist' | 'source-health';
}

/**
 * The code that stands for a person on routes that redact names when the watchlist gives none.
 * Derived from the id, so the same person keeps the same code across alerts, routes and restarts.
 */
export function caseCodeFor(personId: string): string {
  return 'P-' + createHash('sha256').update(personId).digest('hex').slice(0, 6).toUpperCase();
}

type WatchlistParts = Pick<Watchlist, 'people' | 'signals' | 'contexts' | 'rules' | 'tags' | 'settings'>;

/**
 * Resolves a stored alert against the watchlist for one route. An entry removed from the watchlist since
 * the alert was raised keeps its id as its label, so old alerts still render. `sourceNames` are the
 * `name`s of config/feeds.yaml; a source without one is shown by its id.
 */
export function buildAlertView(record: AlertRecord, watchlist: WatchlistParts, route: Route, sourceNames: ReadonlyMap<string, string> = new Map()): AlertView {
  const { alert, article } = record;
  const rule = watchlist.rules.find((r) => r.id === alert.rule);
  const view: AlertView = {
    alert,
    article: { id: article.id, title: article.title, url: article.url, sourceId: article.sourceId },
    signals: alert.signalIds.map((id) => ({ id, label: watchlist.signals.find((s) => s.id === id)?.label ?? id })),
    contexts: alert.contextIds.map((id) => {
      const c = watchlist.contexts.find((x) => x.id === id);
      return { id, label: c?.label ?? id, kind: c?.kind ?? 'topic' };
    }),
    route,
    oldStoryAfterMs: parseDuration(watchlist.settings.oldStoryAfter),
    detectedAt: record.createdAt,
    // Source-health alerts are raised by the poller under rules named source-failing / source-silent.
    origin: !rule && alert.rule.startsWith('source-') ? 'source-health' : 'watchlist',
  };
  const sourceName = sourceNames.get(article.sourceId);
  if (sourceName) view.article.sourceName = sourceName;
  if (article.publishedAt) view.article.publishedAt = article.publishedAt;
  if (alert.personId) {
    const p = watchlist.people.find((x) => x.id === alert.personId);
    view.person = { id: alert.personId, name: p?.name ?? alert.personId, caseCode: p?.caseCode ?? caseCodeFor(alert.personId) };
    if (p) {
      const actions = actionsFor(p, watchlist.tags);
      if (actions.length > 0) view.actions = actions;
    }
  }
  if (rule?.description) view.ruleDescription = rule.description;
  if (record.alsoReportedBy?.length) {
    view.alsoReportedBy = record.alsoReportedBy.map((r) => {
      const name = sourceNames.get(r.sourceId);
      return name ? { ...r, sourceName: name } : r;
    });
  }
  if (record.followUpOf) view.followUpOf = record.followUpOf;
  return view;
}
