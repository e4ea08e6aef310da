import type { Queues } from '../queue/queues';
import type { SourceHealth } from '../sources/source-health';
import type { Stores } from '../store';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

function ago(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const s = Math.round((now - ms) / 1000);
  if (s < 0) return `in ${fmt(-s)}`;
  return `${fmt(s)} ago`;
}

function fmt(s: number): string {
  if (s < 90) return `${s}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function healthState(h: SourceHealth, now: number): string {
  if (h.lastCheckAt === undefined) return 'never polled';
  if (h.consecutiveFailures > 0) return h.nextCheckAt && h.nextCheckAt > now ? 'backing off' : 'failing';
  if (h.alertedReason === 'silent') return 'silent';
  return 'ok';
}

/** `exilewatch status`: queue counts, then one line per source. */
export async function statusReport(queues: Queues, stores: Stores, sourceIds: string[], now: number): Promise<string> {
  const queueRows: string[][] = [['queue', ...STATES]];
  for (const [name, q] of Object.entries(queues)) {
    const counts = await q.getJobCounts(...STATES);
    queueRows.push([name, ...STATES.map((s) => String(counts[s] ?? 0))]);
  }
  const healths = new Map((await stores.health.list()).map((h) => [h.sourceId, h]));
  const ids = [...new Set([...sourceIds, ...healths.keys()])].sort();
  const sourceRows: string[][] = [['source', 'state', 'last success', 'failures', 'last error', 'next check']];
  for (const id of ids) {
    const h = healths.get(id) ?? { sourceId: id, consecutiveFailures: 0 };
    const configured = sourceIds.includes(id) ? '' : ' (not in feeds file)';
    sourceRows.push([
      id + configured,
      healthState(h, now),
      ago(h.lastSuccessAt, now),
      String(h.consecutiveFailures),
      h.lastErrorKind ? `${h.lastErrorKind}: ${h.lastErrorMessage ?? ''} (${ago(h.lastErrorAt, now)})` : '-',
      h.nextCheckAt && h.nextCheckAt > now ? ago(h.nextCheckAt, now) : 'next slot',
    ]);
  }
  const failedDeliveries = await queues.deliver.getJobCountByTypes('failed');
  const lines = [table(queueRows), '', table(sourceRows)];
  const notes = ids.flatMap((id) => {
    const note = healths.get(id)?.charsetNote;
    return note === undefined ? [] : [`${id}: ${note}`];
  });
  if (notes.length > 0) lines.push('', 'charset:', ...notes.map((n) => `  ${n}`));
  if (failedDeliveries > 0) lines.push('', `${failedDeliveries} deliveries failed for good; retry them with: exilewatch alerts retry-failed`);
  return lines.join('\n') + '\n';
}
