import { severityRank } from '../../config/watchlist-schema';
import type { Route } from '../../config/watchlist-schema';
import { alertFacts, type AlertFacts } from '../redact';
import type { AlertView } from './view';

export interface DigestGroup {
  /** The person's name, their case code on a redacted route, or undefined for alerts naming no one. */
  who?: string;
  items: AlertFacts[];
}

/**
 * A digest's alerts grouped by person, the group with the most severe alert first; inside a group, most
 * severe first, then newest. Alerts naming no watched person come after the people at the same severity;
 * between people at the same severity, the one with more or more severe further alerts comes first.
 * Every alert is read through the digest route's redaction, whatever route its view was built for, and
 * its age is counted from `now`, when the digest is rendered.
 */
export function groupForDigest(views: readonly AlertView[], route: Route, now: number): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const view of views) {
    const f = alertFacts({ ...view, route }, now);
    const key = view.person?.id ?? '';
    let g = groups.get(key);
    if (!g) {
      g = f.who === undefined ? { items: [] } : { who: f.who, items: [] };
      groups.set(key, g);
    }
    g.items.push(f);
  }
  for (const g of groups.values()) g.items.sort(byUrgency);
  return [...groups.values()].sort(
    (a, b) =>
      rank(b.items[0]!) - rank(a.items[0]!) ||
      Number(a.who === undefined) - Number(b.who === undefined) ||
      bySeverities(a.items, b.items) ||
      when(b.items[0]!) - when(a.items[0]!) ||
      (a.who ?? '').localeCompare(b.who ?? ''),
  );
}

// Two people with a HIGH alert each: the one whose next alert is more severe (or who has more) first.
function bySeverities(a: AlertFacts[], b: AlertFacts[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ? rank(b[i]!) + 1 : 0) - (a[i] ? rank(a[i]!) + 1 : 0);
    if (d !== 0) return d;
  }
  return 0;
}

function rank(f: AlertFacts): number {
  return severityRank(f.severity);
}

function when(f: AlertFacts): number {
  const published = f.publishedAt ? Date.parse(f.publishedAt) : NaN;
  return Number.isNaN(published) ? (f.detectedAt ?? 0) : published;
}

export function byUrgency(a: AlertFacts, b: AlertFacts): number {
  return rank(b) - rank(a) || when(b) - when(a) || a.alertId.localeCompare(b.alertId);
}

/** "2 HIGH, 3 MEDIUM": counts per severity, most severe first. */
export function severityCounts(items: readonly AlertFacts[]): Array<{ severity: AlertFacts['severity']; count: number }> {
  const order: AlertFacts['severity'][] = ['critical', 'high', 'medium', 'low'];
  return order.map((severity) => ({ severity, count: items.filter((f) => f.severity === severity).length })).filter((c) => c.count > 0);
}
