import type { Alert } from '../alerts/alert';
import type { Article } from '../articles/article';
import type { CompiledWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import type { AlertRecord, ArticleSummary } from '../store/alert-store';
import type { KeptArticle } from '../store/replay-store';
import type { Logger } from '../util/logger';
import { alertRecord } from './alert-record';
import { dispatchAlert, type DispatchDeps } from './dispatch-alert';

/** The kept text a replay reads (store/replay-store.ts). */
export interface KeptArticles {
  list(since: number): Promise<KeptArticle[]>;
  get(articleId: string): Promise<Article | undefined>;
}

export interface ReplayDeps extends DispatchDeps {
  compiled: CompiledWatchlist;
  replay: KeptArticles;
  log: Logger;
}

/** Person and signal ids; an alert involving none of them is left alone (config/watchlist-gained.ts). */
export interface ReplayOnly {
  people: ReadonlySet<string>;
  signals: ReadonlySet<string>;
}

export interface ReplayOptions {
  /** Articles discovered at or after this time (epoch ms). */
  since: number;
  /** Say what would alert; record, queue and send nothing. */
  dryRun?: boolean;
  /** Only alerts that involve these entries: what the watchlist gained. Unset: any alert not yet raised. */
  only?: ReplayOnly;
}

export interface ReplayedAlert {
  /** raised: recorded and handed to its routes; would-raise: a dry run's; folded: tied to an earlier alert about the same person and signal. */
  outcome: 'raised' | 'would-raise' | 'folded';
  alert: Alert;
  article: ArticleSummary;
  /** The earlier alert (another article) this one follows up. */
  followUpOf?: string;
}

export interface ReplayOutcome {
  /** Kept articles matched again. */
  articles: number;
  /** Listed but their text expired before it was read. */
  expired: number;
  alerts: ReplayedAlert[];
  /** Alerts not raised because the article already alerted about that person. */
  alreadyAlerted: number;
  /** Alerts not raised because they involve nothing the watchlist gained (with `only`). */
  notNew: number;
  /** (alert, route) deliveries queued. */
  deliveries: number;
}

// The article, and the person (or "-" for an alert about no one), that an alert is about.
const pairKey = (articleId: string, personId: string | undefined): string => `${articleId}\u0000${personId ?? '-'}`;

// Enough to cover every alert recorded in a replay window: the history itself keeps no more.
const HISTORY_SCAN = 10_000;

/**
 * Which (article, person) pairs have alerted already: each recorded alert's own article, and every
 * article folded into it as "also reported by" (known by its URL). A replay raises nothing for these,
 * whatever rule or signals now fire, so it never sends a second alert or a follow-up about the same
 * story and the same person.
 */
export function alertedPairs(records: readonly AlertRecord[], kept: readonly Article[]): Set<string> {
  const byUrl = new Map<string, string[]>();
  for (const a of kept) if (a.url) byUrl.set(a.url, [...(byUrl.get(a.url) ?? []), a.id]);
  const pairs = new Set<string>();
  for (const r of records) {
    pairs.add(pairKey(r.alert.articleId, r.alert.personId));
    for (const also of r.alsoReportedBy ?? []) {
      for (const id of byUrl.get(also.url) ?? []) pairs.add(pairKey(id, r.alert.personId));
    }
  }
  return pairs;
}

/** The alerts one article raises now that it did not raise before; counts the ones left out, and why. */
export function replayCandidates(
  article: Article,
  compiled: CompiledWatchlist,
  alerted: ReadonlySet<string>,
  only?: ReplayOnly,
): { fresh: Alert[]; alreadyAlerted: number; notNew: number } {
  const out = { fresh: [] as Alert[], alreadyAlerted: 0, notNew: 0 };
  for (const alert of matchArticle(article, compiled).alerts) {
    if (alerted.has(pairKey(article.id, alert.personId))) out.alreadyAlerted++;
    else if (only && !involves(alert, only)) out.notNew++;
    else out.fresh.push(alert);
  }
  return out;
}

function involves(alert: Alert, only: ReplayOnly): boolean {
  return (alert.personId !== undefined && only.people.has(alert.personId)) || alert.signalIds.some((s) => only.signals.has(s));
}

/**
 * The replay stage: matches the articles kept since a time against the watchlist as it is now, and
 * records and hands over, as the article stage does, each alert that no earlier run raised about the
 * same article and person. Oldest first, so later reports of one story fold into the first alert.
 */
export async function replayArticles(opts: ReplayOptions, deps: ReplayDeps): Promise<ReplayOutcome> {
  const listed = await deps.replay.list(opts.since);
  const kept: Array<{ article: Article; discoveredAt: number }> = [];
  for (const k of listed) {
    const article = await deps.replay.get(k.id);
    if (article) kept.push({ article, discoveredAt: k.discoveredAt });
  }
  const outcome: ReplayOutcome = { articles: kept.length, expired: listed.length - kept.length, alerts: [], alreadyAlerted: 0, notNew: 0, deliveries: 0 };
  if (kept.length === 0) return outcome;

  // An article folded into another's alert did so within the suppression window of that alert, so
  // alerts that old are read too.
  const earliest = kept[0]!.discoveredAt - deps.suppressionSeconds * 1000;
  const history = await deps.alerts.list({ since: earliest, limit: HISTORY_SCAN });
  const alerted = alertedPairs(
    history,
    kept.map((k) => k.article),
  );

  for (const { article, discoveredAt } of kept) {
    const { fresh, alreadyAlerted, notNew } = replayCandidates(article, deps.compiled, alerted, opts.only);
    outcome.alreadyAlerted += alreadyAlerted;
    outcome.notNew += notNew;
    for (const alert of fresh) {
      alerted.add(pairKey(article.id, alert.personId));
      if (await deps.alerts.get(alert.id)) {
        // Recorded by a run the history no longer lists: alerted all the same.
        outcome.alreadyAlerted++;
        continue;
      }
      const record = alertRecord(alert, article, deps.now(), discoveredAt);
      if (opts.dryRun) {
        outcome.alerts.push({ outcome: 'would-raise', alert, article: record.article });
        continue;
      }
      const { created, queued } = await dispatchAlert(record, deps);
      outcome.deliveries += queued.length;
      const saved = await deps.alerts.get(alert.id);
      if (!created && saved) {
        // Another run (a replay or the article stage) recorded the same alert in the meantime.
        outcome.alreadyAlerted++;
        continue;
      }
      outcome.alerts.push({
        outcome: created ? 'raised' : 'folded',
        alert,
        article: record.article,
        ...(saved?.followUpOf ? { followUpOf: saved.followUpOf } : {}),
      });
      if (!created) continue;
      const names = deps.compiled.watchlist.settings.logNames ? { entries: alert.entries } : {};
      deps.log.info(
        { article_id: article.id, alert_id: alert.id, rule: alert.rule, severity: alert.severity, routes: queued.length, ...names },
        'alert raised by replay',
      );
    }
  }
  deps.log.info(
    {
      articles: outcome.articles,
      raised: outcome.alerts.filter((a) => a.outcome === 'raised').length,
      folded: outcome.alerts.filter((a) => a.outcome === 'folded').length,
      already_alerted: outcome.alreadyAlerted,
      dry_run: opts.dryRun === true,
    },
    'replay done',
  );
  return outcome;
}
