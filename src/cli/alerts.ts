import { caseCodeFor } from '../alerts/render/view';
import { severityRank, type Route, type Severity, type Watchlist } from '../config/watchlist-schema';
import type { Queues } from '../queue/queues';
import type { Stores } from '../store';
import type { AlertRecord, DeliveryOutcome, DeliveryState } from '../store/alert-store';
import { didYouMean } from '../util/did-you-mean';
import { localIso, localTime } from './local-time';
import { UserError } from './user-error';

export const DELIVERY_STATES: readonly DeliveryState[] = ['queued', 'digest', 'sent', 'failed', 'skipped'];

export interface AlertFilter {
  since?: number;
  limit: number;
  person?: string;
  route?: string;
  /** At or above this severity. */
  severity?: Exclude<Severity, 'none'>;
  /** At least one delivery in this state (on `route`, when one is given). */
  state?: DeliveryState;
}

export interface ListOptions extends AlertFilter {
  /** settings.logNames: person ids may be shown; otherwise only case codes. */
  names: boolean;
  json: boolean;
}

/** Checks --person and --route against the watchlist, so a typo says so instead of listing nothing. */
export function checkFilter(filter: AlertFilter, watchlist: Pick<Watchlist, 'people' | 'routes'>, disabledRoutes: readonly string[] = []): void {
  if (filter.person !== undefined && !watchlist.people.some((p) => p.id === filter.person)) {
    throw new UserError(
      `--person: no person with id "${filter.person}" in the watchlist${didYouMean(
        filter.person,
        watchlist.people.map((p) => p.id),
      )}`,
    );
  }
  const routeIds = [...watchlist.routes.map((r: Route) => r.id), ...disabledRoutes];
  if (filter.route !== undefined && !routeIds.includes(filter.route)) {
    throw new UserError(`--route: no route with id "${filter.route}" in the watchlist${didYouMean(filter.route, routeIds)}`);
  }
}

interface Listed {
  record: AlertRecord;
  deliveries: Record<string, DeliveryOutcome>;
}

function keeps(item: Listed, f: AlertFilter): boolean {
  const { alert } = item.record;
  if (f.person !== undefined && alert.personId !== f.person) return false;
  if (f.severity !== undefined && severityRank(alert.severity) < severityRank(f.severity)) return false;
  const routes = f.route === undefined ? Object.keys(item.deliveries) : [f.route];
  if (f.route !== undefined && !(f.route in item.deliveries)) return false;
  if (f.state !== undefined && !routes.some((r) => item.deliveries[r]?.state === f.state)) return false;
  return true;
}

const PAGE = 200;

/** Newest first, filtered, at most `limit`: the history is read a page at a time until enough are found. */
async function select(stores: Stores, f: AlertFilter): Promise<Listed[]> {
  const out: Listed[] = [];
  for (let offset = 0; out.length < f.limit; offset += PAGE) {
    const page = await stores.alerts.list({ ...(f.since !== undefined ? { since: f.since } : {}), limit: PAGE, offset });
    for (const record of page) {
      const item = { record, deliveries: await stores.alerts.deliveries(record.alert.id) };
      if (keeps(item, f)) out.push(item);
      if (out.length === f.limit) break;
    }
    if (page.length < PAGE) break;
  }
  return out;
}

/** Who the alert is about, as the list may say it: a case code, the person id only when names are allowed. */
function caseOf(record: AlertRecord, watchlist: Pick<Watchlist, 'people'>): string | undefined {
  const id = record.alert.personId;
  if (!id) return undefined;
  return watchlist.people.find((p) => p.id === id)?.caseCode ?? caseCodeFor(id);
}

/** The `--json` shape, documented in the README: one object per alert, snake_case keys. */
function toJson(items: Listed[], watchlist: Pick<Watchlist, 'people'>, names: boolean): unknown {
  return items.map(({ record, deliveries }) => {
    const { alert, article } = record;
    const caseCode = caseOf(record, watchlist);
    return {
      id: alert.id,
      created_at: localIso(record.createdAt),
      severity: alert.severity,
      rule: alert.rule,
      case_code: caseCode ?? null,
      ...(names ? { person: alert.personId ?? null } : {}),
      signals: alert.signalIds,
      contexts: alert.contextIds,
      source: article.sourceId,
      url: article.url,
      ...(record.followUpOf ? { follow_up_of: record.followUpOf } : {}),
      deliveries: Object.entries(deliveries).map(([route, d]) => ({
        route,
        state: d.state,
        at: localIso(d.at),
        attempts: d.attempts ?? 0,
        error: d.error ?? null,
      })),
    };
  });
}

/**
 * `exilewatch alerts list`: newest first, one line per alert and one per delivery. A case code stands
 * for the person (the person's id only when the watchlist allows names in logs): this output is
 * pasted into tickets and chats.
 */
export async function listAlerts(stores: Stores, watchlist: Pick<Watchlist, 'people'>, opts: ListOptions): Promise<string> {
  const items = await select(stores, opts);
  if (opts.json) return JSON.stringify(toJson(items, watchlist, opts.names), null, 2) + '\n';
  if (items.length === 0) return 'no alerts\n';
  const lines: string[] = [];
  for (const { record, deliveries } of items) {
    const { alert, article } = record;
    const caseCode = caseOf(record, watchlist);
    const who = caseCode === undefined ? alert.entries.join(', ') : `case ${caseCode}${opts.names ? ` (${alert.personId})` : ''}`;
    const what = [...alert.signalIds, ...alert.contextIds].join(', ');
    lines.push(`${localTime(record.createdAt)}  ${alert.severity.toUpperCase().padEnd(8)} ${alert.rule}  ${who}${what && caseCode ? `: ${what}` : ''}`);
    lines.push(`    ${article.url || article.id}`);
    lines.push(`    alert ${alert.id}${record.followUpOf ? `, follows up ${record.followUpOf}` : ''}`);
    for (const [route, d] of Object.entries(deliveries)) {
      const attempts = d.attempts ? ` after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}` : '';
      lines.push(`    ${route}: ${d.state}${attempts}, ${localTime(d.at)}${d.error ? ` (${d.error})` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** `exilewatch alerts retry-failed`: deliveries that exhausted their attempts go back to the queue. */
export async function retryFailed(queues: Queues): Promise<number> {
  const failed = await queues.deliver.getFailed(0, -1);
  for (const job of failed) await job.retry('failed');
  return failed.length;
}

/** "24h", "7d", "90m" or an ISO date, as a time in ms. */
export function parseSince(text: string, now: number): number | undefined {
  const rel = /^(\d+)([mhd])$/.exec(text);
  if (rel) return now - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd'];
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}
