import type { AlertFacts } from '../redact';

export interface ConfigPaths {
  /** Where operators edit people, signals, rules and routes. */
  watchlistPath?: string;
  /** Where operators edit sources and their health thresholds. */
  feedsPath?: string;
}

/**
 * Why the alert fired and what to edit to change that, in words a reader can act on: an alert that
 * comes too often is fixed in the config, not by filtering mail.
 */
export function explain(f: AlertFacts, paths: ConfigPaths = {}): { why: string; change: string } {
  const watchlist = paths.watchlistPath ?? 'config/watchlist.yaml';
  const feeds = paths.feedsPath ?? 'config/feeds.yaml';
  if (f.origin === 'source-health') {
    return {
      why: `Source ${f.sourceId} raised a health alert (${f.rule}).`,
      change: `Source-health alerts follow defaults.healthAlertAfter, defaults.silentAfter and defaults.healthRoute in ${feeds}; the source itself is listed there too.`,
    };
  }
  const rule = f.ruleDescription ? `Rule ${f.rule} (${f.ruleDescription.trim()})` : `Rule ${f.rule}`;
  const why = f.entries.length > 0 ? `${rule} matched ${f.entries.join(', ')}.` : `${rule} matched.`;
  const person = f.personRef ? (f.redacted ? `, the person with case code ${f.personRef}` : `, person ${f.personRef}`) : '';
  return {
    why,
    change: `To change this, edit rule ${f.rule}${person} or route ${f.routeId} (minSeverity, mode, redact) in ${watchlist}.`,
  };
}
