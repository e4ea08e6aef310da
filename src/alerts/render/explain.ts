import type { AlertFacts } from '../redact';

export interface ConfigPaths {
  /** Where operators edit people, signals, rules and routes. */
  watchlistPath?: string;
  /** Where operators edit sources and their health thresholds. */
  feedsPath?: string;
}

/**
 * Why the alert fired, in one short line that names the rule, and — for routes with showTuningHelp —
 * which entries made it fire and what to edit to change that: an alert that comes too often is fixed
 * in the config, not by filtering mail. Staff who act on alerts need the first, operators the second.
 */
export function explain(f: AlertFacts, paths: ConfigPaths = {}): { why: string; change: string } {
  const watchlist = paths.watchlistPath ?? 'config/watchlist.yaml';
  const feeds = paths.feedsPath ?? 'config/feeds.yaml';
  if (f.origin === 'source-health') {
    return {
      why: `source ${f.sourceName ?? f.sourceId} raised a health alert (${f.rule}).`,
      change: `Source-health alerts follow defaults.healthAlertAfter, defaults.silentAfter and defaults.healthRoute in ${feeds}; the source itself (${f.sourceId}) is listed there too.`,
    };
  }
  const description = f.ruleDescription?.trim();
  const why = description ? `rule ${f.rule}: ${/[.!?]$/.test(description) ? description : `${description}.`}` : `rule ${f.rule}.`;
  const matched = f.entries.length > 0 ? `Rule ${f.rule} matched ${f.entries.join(', ')}. ` : '';
  const person = f.personRef ? (f.redacted ? `, the person with case code ${f.personRef}` : `, person ${f.personRef}`) : '';
  return {
    why,
    change: `${matched}To change this, edit rule ${f.rule}${person} or route ${f.routeId} (minSeverity, mode, redact) in ${watchlist}.`,
  };
}
