import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { FixtureFeed } from './fixture-feeds';

export const DEMO_INBOX = 'ngo-desk@demo.exilewatch.localhost';
export const DEMO_DIGEST_INBOX = 'digest@demo.exilewatch.localhost';
export const WEBHOOK_ROUTE = 'partner-webhook';
export const DIGEST_ROUTE = 'daily-digest';

// The shipped route ids, so that the shipped rules and people send where they always do; only the
// destinations change. Slack is left out: its webhook is the same HTTP path as the partner's.
const ROUTES = [
  { id: 'ngo-desk', kind: 'email', to: [DEMO_INBOX], minSeverity: 'medium', timeZone: 'Asia/Phnom_Penh' },
  { id: DIGEST_ROUTE, kind: 'email', to: [DEMO_DIGEST_INBOX], mode: 'digest', digest: { every: 'daily', at: '08:00' }, timeZone: 'Asia/Phnom_Penh' },
  // Secrets are always ${VARIABLE} references (the loader refuses a literal one); the demo passes its own.
  { id: WEBHOOK_ROUTE, kind: 'webhook', url: '${DEMO_WEBHOOK_URL}', secret: '${DEMO_WEBHOOK_SECRET}', minSeverity: 'high' },
];

export interface DemoConfig {
  watchlistFile: string;
  feedsFile: string;
  /** What the files' ${VARIABLE}s resolve to: the demo's only environment for them. */
  vars: Record<string, string>;
}

type Loose = Record<string, unknown>;

/**
 * The demo's watchlist and feeds, written to `dir`: the shipped watchlist's people, signals, contexts
 * and rules with its routes pointed at the local servers, and the fixture feeds, which are on
 * 127.0.0.1 and so must opt in to a private address.
 */
export function writeDemoConfig(
  dir: string,
  shippedWatchlist: string,
  feeds: Array<FixtureFeed & { url: string }>,
  webhook: { url: string; secret: string },
): DemoConfig {
  const watchlist = parse(readFileSync(shippedWatchlist, 'utf8')) as Loose;
  const ids = new Set(ROUTES.map((r) => r.id));
  // An edited watchlist may name routes the demo does not have: those references are dropped.
  const keepKnown = (entries: unknown): unknown =>
    Array.isArray(entries) ? entries.map((e: Loose) => (Array.isArray(e.routes) ? { ...e, routes: e.routes.filter((r) => ids.has(String(r))) } : e)) : entries;
  const demoWatchlist = { ...watchlist, people: keepKnown(watchlist.people), rules: keepKnown(watchlist.rules), routes: ROUTES };
  const watchlistFile = join(dir, 'watchlist.yaml');
  writeFileSync(watchlistFile, stringify(demoWatchlist));

  const feedsFile = join(dir, 'feeds.yaml');
  writeFileSync(
    feedsFile,
    stringify({
      version: 1,
      // The sample stories are years old: take them all in on the first poll rather than mark them seen.
      defaults: { interval: '1h', firstPollMaxAge: '10000d' },
      sources: feeds.map((f) => ({ id: f.id, name: f.name, url: f.url, allowPrivateNetwork: true, fullText: false })),
    }),
  );
  return { watchlistFile, feedsFile, vars: { DEMO_WEBHOOK_URL: webhook.url, DEMO_WEBHOOK_SECRET: webhook.secret } };
}
