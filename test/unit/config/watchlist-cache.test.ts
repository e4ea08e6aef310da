import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { loadWatchlistForMatching } from '../../../src/config/watchlist-cache';

const file = join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml');

test('the cached watchlist is the validated one, kept with its stems, words and gates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-cache-'));
  const first = loadWatchlistForMatching(file, {}, dir);
  const [entry] = readdirSync(dir);
  const kept = JSON.parse(readFileSync(join(dir, entry!), 'utf8')) as Record<string, unknown[]>;
  expect(Object.keys(kept).sort()).toEqual(['gates', 'stems', 'watchlist', 'words']);
  expect(kept.gates!.length).toBe(loadWatchlist(file, {}).watchlist.signals.flatMap((s) => s.patterns).length);
  expect(kept.words!.length).toBeGreaterThan(100);
  expect(loadWatchlistForMatching(file, {}, dir)).toEqual(first);
});
