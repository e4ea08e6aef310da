import { workerLines } from '../../../src/cli/worker-versions';
import type { WorkerRecord } from '../../../src/store/worker-registry';

const now = Date.parse('2026-03-01T12:00:00Z');
const worker = (id: string, version: string, lastReload?: WorkerRecord['lastReload']): WorkerRecord => ({
  id,
  host: 'h',
  pid: 1,
  startedAt: '2026-03-01T11:00:00Z',
  version,
  loadedAt: '2026-03-01T11:50:00Z',
  ...(lastReload ? { lastReload } : {}),
});

test('workers on one version, as the files here: a table and nothing to flag', () => {
  const lines = workerLines([worker('a:1', 'v1'), worker('b:2', 'v1', { outcome: 'ok', at: '2026-03-01T11:59:00Z' })], 'v1', now);
  expect(lines).toEqual([
    'worker  config version  loaded   last reload\na:1     v1              10m ago  none since start\nb:2     v1              10m ago  ok (60s ago)',
  ]);
});

test('workers on two versions are flagged, and so is a refused reload', () => {
  const lines = workerLines([worker('a:1', 'v1'), worker('b:2', 'v2', { outcome: 'failed', at: '2026-03-01T11:59:30Z', errors: 3 })], 'v2', now);
  expect(lines[0]).toContain('FAILED, 3 errors (30s ago)');
  expect(lines.slice(1)).toEqual([
    'DISAGREE: the workers run 2 configuration versions (v1 on 1, v2 on 1); exilewatch reload asks every one to reload its files',
    '1 worker refused the last reload and runs the last good configuration: see its log, or run exilewatch validate',
  ]);
});

test('workers agreeing on another version than the files here, and no worker at all', () => {
  expect(workerLines([worker('a:1', 'v1')], 'v2', now).at(-1)).toBe(
    'the files read here are version v2: exilewatch reload, unless the workers run on other copies',
  );
  expect(workerLines([], 'v2', now)).toEqual(['workers: none running (a worker says it runs every 10 s; its record lapses 30 s after it stops)']);
});
