// The engine's output on every labelled seed article, match by match and alert by alert, against the
// snapshot taken before the engine was made faster: a speed-up must not change what it finds.
// After an intended change of behaviour, rewrite the snapshot (`npm run -s build && node
// dist/scripts/engine-snapshot.js`) and review its diff.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineSnapshot, snapshotFile, type EngineSnapshot } from '../../../scripts/engine-snapshot';

const root = join(__dirname, '..', '..', '..');
const saved = JSON.parse(readFileSync(snapshotFile(root), 'utf8')) as EngineSnapshot;
let now: EngineSnapshot;

beforeAll(async () => {
  now = await engineSnapshot(root);
});

test('the snapshot covers every labelled article, and most of them match something', () => {
  expect(Object.keys(now).sort()).toEqual(Object.keys(saved).sort());
  expect(Object.keys(saved).length).toBeGreaterThanOrEqual(300);
  expect(Object.values(saved).filter((a) => a.alerts.length > 0).length).toBeGreaterThanOrEqual(150);
});

test('every article gives the same matches, alerts and explanations as in the snapshot', () => {
  const differ = Object.keys(saved).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(saved[k]));
  // The first differing article in full: what changed, not only that something did.
  const first = differ[0];
  expect({ differ, first: first && { now: now[first], saved: saved[first] } }).toEqual({ differ: [], first: undefined });
});
