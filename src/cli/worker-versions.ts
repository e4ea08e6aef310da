import type { WorkerRecord } from '../store/worker-registry';
import { ago, table } from './table';

/** Versions and their workers, most common first. */
export function versionsOf(workers: readonly WorkerRecord[]): Array<{ version: string; workers: number }> {
  const counts = new Map<string, number>();
  for (const w of workers) counts.set(w.version, (counts.get(w.version) ?? 0) + 1);
  return [...counts].map(([version, n]) => ({ version, workers: n })).sort((a, b) => b.workers - a.workers || a.version.localeCompare(b.version));
}

export function reloadText(w: WorkerRecord, now: number): string {
  const r = w.lastReload;
  if (!r) return 'none since start';
  const when = ago(Date.parse(r.at), now);
  return r.outcome === 'ok' ? `ok (${when})` : `FAILED, ${r.errors} error${r.errors === 1 ? '' : 's'} (${when})`;
}

/**
 * One line per running worker with the configuration version it runs, and what does not agree: workers
 * on different versions, a worker whose last reload was refused, and workers on another version than
 * the files read here (which may be another machine's copy).
 */
export function workerLines(workers: readonly WorkerRecord[], filesVersion: string | undefined, now: number): string[] {
  if (workers.length === 0) return ['workers: none running (a worker says it runs every 10 s; its record lapses 30 s after it stops)'];
  const rows = [['worker', 'config version', 'loaded', 'last reload']];
  for (const w of workers) rows.push([w.id, w.version, ago(Date.parse(w.loadedAt), now), reloadText(w, now)]);
  const lines = [table(rows)];
  const versions = versionsOf(workers);
  if (versions.length > 1) {
    lines.push(
      `DISAGREE: the workers run ${versions.length} configuration versions (${versions.map((v) => `${v.version} on ${v.workers}`).join(', ')}); exilewatch reload asks every one to reload its files`,
    );
  }
  const refused = workers.filter((w) => w.lastReload?.outcome === 'failed').length;
  if (refused > 0)
    lines.push(
      `${refused} worker${refused === 1 ? '' : 's'} refused the last reload and run${refused === 1 ? 's' : ''} the last good configuration: see its log, or run exilewatch validate`,
    );
  if (filesVersion !== undefined && versions.length === 1 && versions[0]!.version !== filesVersion) {
    lines.push(`the files read here are version ${filesVersion}: exilewatch reload, unless the workers run on other copies`);
  }
  return lines;
}
