// `npm run eval`: precision and recall of the engine on seeds/, and of a naive baseline, in one run.
import { join } from 'node:path';
import { loadWatchlist } from '../src/config/load-watchlist';
import { baseline, engine, loadLabelled, score, type Score } from './eval-set';

const root = join(__dirname, '..', '..');
const verbose = process.argv.includes('--verbose');
const { watchlist } = loadWatchlist(join(root, 'config', 'watchlist.yaml'), process.env);
async function main(): Promise<void> {
const set = await loadLabelled(join(root, 'seeds'));
const positives = set.filter((s) => s.people.length > 0).length;

const fmt = (s: Score): string => `${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)}   tp=${s.tp} fp=${s.fp} fn=${s.fn}`;
console.log(`${set.length} labelled articles (${positives} with a person to alert on, ${set.length - positives} without)\n`);
console.log('                                   precision  recall');
const rows: Array<[string, Score]> = [];
for (const [name, predict] of [['exilewatch', engine(watchlist)], ['baseline (substring)', baseline(watchlist)]] as const) {
  for (const key of ['people', 'signals'] as const) {
    const s = score(set, predict, key);
    rows.push([`${name} ${key === 'people' ? 'person alerts' : 'signals'}`, s]);
    console.log(`${`${name.padEnd(21)} ${key === 'people' ? 'person alerts' : 'signals      '}`} ${fmt(s)}`);
  }
}
if (verbose) {
  for (const [name, s] of rows) {
    if (s.errors.length === 0) continue;
    console.log(`\n${name}:`);
    for (const e of s.errors) console.log(`  ${e}`);
  }
}
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
