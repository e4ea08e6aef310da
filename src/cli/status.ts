import type { Queues } from '../queue/queues';
import type { SourceHealth } from '../sources/source-health';
import type { Stores } from '../store';
import { ago, table } from './table';
import { workerLines } from './worker-versions';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

export function healthState(h: SourceHealth, now: number): string {
  if (h.lastCheckAt === undefined) return 'never polled';
  if (h.consecutiveFailures > 0) return h.nextCheckAt && h.nextCheckAt > now ? 'backing off' : 'failing';
  if (h.alertedReason === 'silent') return 'silent';
  return 'ok';
}

/**
 * `exilewatch status`: queue counts, one line per source, then the running workers and the
 * configuration version each runs, beside `filesVersion`, that of the files this command read.
 */
export async function statusReport(queues: Queues, stores: Stores, sourceIds: string[], now: number, filesVersion?: string): Promise<string> {
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
  lines.push('', ...workerLines(await stores.workers.list(now), filesVersion, now));
  if (failedDeliveries > 0) lines.push('', `${failedDeliveries} deliveries failed for good; retry them with: exilewatch alerts retry-failed`);
  return lines.join('\n') + '\n';
}
