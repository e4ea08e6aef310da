// The labelled articles in seeds/: the engine must keep precision and recall at 0.95 or more, and
// stay ahead of the naive substring baseline on person alerts.
import { join } from 'node:path';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { baseline, engine, loadLabelled, score, type Labelled } from '../../../scripts/eval-set';

const root = join(__dirname, '..', '..', '..');
const { watchlist } = loadWatchlist(join(root, 'config', 'watchlist.yaml'), {});
let set: Labelled[];

beforeAll(async () => {
  set = await loadLabelled(join(root, 'seeds'));
});

test('the labelled set is large enough to mean something', () => {
  expect(set.length).toBeGreaterThanOrEqual(40);
  expect(set.filter((s) => s.people.length > 0).length).toBeGreaterThanOrEqual(15);
  expect(set.filter((s) => s.people.length === 0).length).toBeGreaterThanOrEqual(15);
});

test.each(['people', 'signals'] as const)('engine precision and recall on %s are at least 0.95', (key) => {
  const s = score(set, engine(watchlist), key);
  expect({ precision: s.precision >= 0.95, recall: s.recall >= 0.95, errors: s.errors }).toEqual({ precision: true, recall: true, errors: s.errors });
});

test('the engine raises fewer false person alerts than the substring baseline', () => {
  const ours = score(set, engine(watchlist), 'people');
  const naive = score(set, baseline(watchlist), 'people');
  expect(ours.fp).toBeLessThan(naive.fp);
  expect(ours.precision).toBeGreaterThan(naive.precision);
});
