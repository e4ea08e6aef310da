// The labelled articles in seeds/ as a regression guard. The floors are the figures measured when
// they were set (README, "Measured quality"), rounded down: a change that makes the engine worse on
// any set fails here. The target for all of them is 0.95. Never lower a floor to make a change pass,
// and never tune on the held-out set's misses: its figures are the honest ones (seeds/README.md).
import { join } from 'node:path';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { baseline, engine, loadLabelled, score, type Labelled } from '../../../scripts/eval-set';

const root = join(__dirname, '..', '..', '..');
const { watchlist } = loadWatchlist(join(root, 'config', 'watchlist.yaml'), {});

const FLOORS = {
  'held-out': { dir: join(root, 'seeds', 'holdout'), people: { precision: 0.97, recall: 0.97 }, signals: { precision: 0.97, recall: 0.97 } },
  'set D': { dir: join(root, 'seeds', 'set-d'), people: { precision: 0.95, recall: 0.95 }, signals: { precision: 0.95, recall: 0.95 } },
  'set C': { dir: join(root, 'seeds', 'set-c'), people: { precision: 0.95, recall: 0.95 }, signals: { precision: 0.95, recall: 0.95 } },
  'set B': { dir: join(root, 'seeds', 'set-b'), people: { precision: 0.95, recall: 0.95 }, signals: { precision: 0.95, recall: 0.95 } },
  'set A': { dir: join(root, 'seeds'), people: { precision: 0.95, recall: 0.95 }, signals: { precision: 0.95, recall: 0.95 } },
  development: { dir: join(root, 'seeds', 'dev'), people: { precision: 0.95, recall: 0.95 }, signals: { precision: 0.95, recall: 0.95 } },
} as const;

const sets: Record<string, Labelled[]> = {};
beforeAll(async () => {
  for (const [name, f] of Object.entries(FLOORS)) sets[name] = await loadLabelled(f.dir);
});

describe.each(Object.keys(FLOORS) as Array<keyof typeof FLOORS>)('%s set', (name) => {
  test('is large enough to mean something', () => {
    const set = sets[name]!;
    expect(set.length).toBeGreaterThanOrEqual(40);
    expect(set.filter((s) => s.people.length > 0).length).toBeGreaterThanOrEqual(15);
    expect(set.filter((s) => s.people.length === 0).length).toBeGreaterThanOrEqual(15);
  });

  test.each(['people', 'signals'] as const)('%s: precision and recall stay at or above their floors', (key) => {
    const s = score(sets[name]!, engine(watchlist), key);
    const floor = FLOORS[name][key];
    expect({ precision: s.precision >= floor.precision, recall: s.recall >= floor.recall, errors: s.errors }).toEqual({
      precision: true,
      recall: true,
      errors: s.errors,
    });
  });

  test('the engine raises fewer false person alerts than the substring baseline', () => {
    const ours = score(sets[name]!, engine(watchlist), 'people');
    const naive = score(sets[name]!, baseline(watchlist), 'people');
    expect(ours.fp).toBeLessThan(naive.fp);
    expect(ours.precision).toBeGreaterThan(naive.precision);
  });
});
