import type { FeedsConfig } from '../config/feeds-schema';
import type { LoadedWatchlist } from '../config/load-watchlist';

export interface BannerInput {
  version: string;
  watchlist: LoadedWatchlist;
  feeds: FeedsConfig;
  /** SMTP_URL is set. */
  smtpConfigured: boolean;
  /** The health server as it listens; 'off' when HTTP_PORT=off; undefined when it could not start (already said). */
  ops: { host: string; port: number } | 'off' | undefined;
}

export interface BannerLine {
  level: 'info' | 'warn';
  msg: string;
  fields: Record<string, unknown>;
}

/**
 * What `run` says as it starts: one line on what it watches (counts of people, signals and sources),
 * where alerts go (route id and channel) and where its health server is, then one warning per route
 * that cannot deliver. Counts, route ids and channel kinds only: never a watched name (logs are
 * shipped to third parties), never a route's URL or address (webhook URLs are secrets).
 */
export function startBanner(input: BannerInput): BannerLine[] {
  const { watchlist: w } = input.watchlist;
  const sources = input.feeds.sources.filter((s) => s.enabled).length;
  // Comma-separated strings rather than arrays: they read as one word on a terminal, and split as easily.
  const routes = w.routes.map((r) => `${r.id}:${r.kind}${r.mode === 'digest' ? '-digest' : ''}`).join(',');
  const health = typeof input.ops === 'object' ? `http://${hostPart(input.ops.host)}:${input.ops.port}` : (input.ops ?? 'not-running');
  const info: BannerLine = {
    level: 'info',
    msg: `exilewatch ${input.version} starting`,
    fields: { version: input.version, people: w.people.length, signals: w.signals.length, sources, routes: routes || 'none', health },
  };
  const warnings: BannerLine[] = [];
  for (const r of w.routes) {
    if (r.kind === 'email' && !input.smtpConfigured) {
      warnings.push(undeliverable(r.id, r.kind, ['SMTP_URL'], 'SMTP_URL is not set'));
    }
  }
  for (const d of input.watchlist.disabled) {
    warnings.push(undeliverable(d.id, d.kind, d.variables, `disabled while ${d.variables.join(' and ')} ${d.variables.length === 1 ? 'is' : 'are'} not set`));
  }
  if (w.routes.length === 0) {
    warnings.push({ level: 'warn', msg: 'no route is enabled: alerts are kept (exilewatch alerts list) but sent nowhere', fields: {} });
  }
  return [info, ...warnings];
}

// An IPv6 address goes in brackets in a URL.
const hostPart = (host: string): string => (host.includes(':') ? `[${host}]` : host);

function undeliverable(id: string, kind: string, missing: string[], why: string): BannerLine {
  return { level: 'warn', msg: `route ${id} (${kind}) cannot deliver: ${why}`, fields: { route: id, missing: missing.join(',') } };
}
