import type { Queues } from '../queue/queues';
import type { SourceHealth } from '../sources/source-health';
import type { Stores } from '../store';
import { localIso } from './local-time';
import { ago, table } from './table';
import { versionsOf, workerLines } from './worker-versions';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

export function healthState(h: SourceHealth, now: number): string {
  if (h.lastCheckAt === undefined) return 'never polled';
  if (h.consecutiveFailures > 0) return h.nextCheckAt && h.nextCheckAt > now ? 'backing off' : 'failing';
  if (h.alertedReason === 'silent') return 'silent';
  return 'ok';
}

interface StatusData {
  queues: Array<{ name: string; counts: Record<(typeof STATES)[number], number> }>;
  healths: Map<string, SourceHealth>;
  ids: string[];
  failedDeliveries: number;
}

async function gather(queues: Queues, stores: Stores, sourceIds: string[]): Promise<StatusData> {
  const counted: StatusData['queues'] = [];
  for (const [name, q] of Object.entries(queues)) {
    const counts = await q.getJobCounts(...STATES);
    counted.push({ name, counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as Record<(typeof STATES)[number], number> });
  }
  const healths = new Map((await stores.health.list()).map((h) => [h.sourceId, h]));
  const ids = [...new Set([...sourceIds, ...healths.keys()])].sort();
  return { queues: counted, healths, ids, failedDeliveries: await queues.deliver.getJobCountByTypes('failed') };
}

const at = (ms: number | undefined): string | null => (ms === undefined ? null : localIso(ms));

/** `exilewatch status --json`: the same facts for programs, snake_case keys, times in local ISO 8601 with offset. */
export async function statusJson(queues: Queues, stores: Stores, sourceIds: string[], now: number, filesVersion?: string): Promise<string> {
  const { queues: counted, healths, ids, failedDeliveries } = await gather(queues, stores, sourceIds);
  const sources = ids.map((id) => {
    const h = healths.get(id) ?? { sourceId: id, consecutiveFailures: 0 };
    return {
      id,
      configured: sourceIds.includes(id),
      state: healthState(h, now),
      last_check_at: at(h.lastCheckAt),
      last_success_at: at(h.lastSuccessAt),
      consecutive_failures: h.consecutiveFailures,
      last_error: h.lastErrorKind ? { kind: h.lastErrorKind, message: h.lastErrorMessage ?? '', at: at(h.lastErrorAt) } : null,
      next_check_at: h.nextCheckAt && h.nextCheckAt > now ? at(h.nextCheckAt) : null,
      charset_note: h.charsetNote ?? null,
    };
  });
  const running = await stores.workers.list(now);
  const workers = running.map((w) => ({
    id: w.id,
    version: w.version,
    loaded_at: w.loadedAt,
    last_reload: w.lastReload
      ? { outcome: w.lastReload.outcome, at: w.lastReload.at, ...('errors' in w.lastReload ? { errors: w.lastReload.errors } : {}) }
      : null,
  }));
  const out = {
    queues: Object.fromEntries(counted.map((q) => [q.name, q.counts])),
    sources,
    failed_deliveries: failedDeliveries,
    workers,
    config: { files_version: filesVersion ?? null, versions_running: versionsOf(running).length },
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/**
 * `exilewatch status`: queue counts, one line per source, then the running workers and the
 * configuration version each runs, beside `filesVersion`, that of the files this command read.
 */
export async function statusReport(queues: Queues, stores: Stores, sourceIds: string[], now: number, filesVersion?: string): Promise<string> {
  const { queues: counted, healths, ids, failedDeliveries } = await gather(queues, stores, sourceIds);
  const queueRows: string[][] = [['queue', ...STATES]];
  for (const q of counted) queueRows.push([q.name, ...STATES.map((s) => String(q.counts[s]))]);
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
  const lines = [table(queueRows), '', table(sourceRows)];
  const notes = ids.flatMap((id) => {
    const note = healths.get(id)?.charsetNote;
    return note === undefined ? [] : [`${id}: ${note}`];
  });
  if (notes.length > 0) lines.push('', 'charset:', ...notes.map((n) => `  ${n}`));
  if (failedDeliveries > 0) lines.push('', `${failedDeliveries} deliveries failed for good; retry them with: exilewatch alerts retry-failed`);
  lines.push('', ...workerLines(await stores.workers.list(now), filesVersion, now));
  return lines.join('\n') + '\n';
}
