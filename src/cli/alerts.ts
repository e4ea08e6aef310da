import type { Queues } from '../queue/queues';
import type { Stores } from '../store';

/** `exilewatch alerts list`: newest first, one line per alert and one per delivery. Ids, not names. */
export async function listAlerts(stores: Stores, opts: { since?: number; limit: number; names: boolean }): Promise<string> {
  const records = await stores.alerts.list({ ...(opts.since !== undefined ? { since: opts.since } : {}), limit: opts.limit });
  if (records.length === 0) return 'no alerts\n';
  const lines: string[] = [];
  for (const r of records) {
    const who = opts.names ? r.alert.entries.join(', ') : `${r.alert.entries.length} entries`;
    lines.push(`${new Date(r.createdAt).toISOString()}  ${r.alert.severity.toUpperCase().padEnd(8)} ${r.alert.rule}  ${who}  ${r.article.url || r.article.id}`);
    lines.push(`    alert ${r.alert.id}`);
    const deliveries = await stores.alerts.deliveries(r.alert.id);
    for (const [route, d] of Object.entries(deliveries)) {
      lines.push(`    ${route}: ${d.state}${d.attempts ? ` after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}` : ''}${d.error ? ` (${d.error})` : ''}`);
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
