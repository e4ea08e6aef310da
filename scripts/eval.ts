// `npm run eval`: precision and recall of the engine, and of a naive baseline, in one run, on the three
// labelled sets in seeds/ (seeds/README.md says how each was written and which ones the watchlist was
// tuned on). Add --verbose to list every miss and false alarm.
import { join } from 'node:path';
import { loadWatchlist } from '../src/config/load-watchlist';
import { baseline, engine, loadLabelled, score, type Score } from './eval-set';

const root = join(__dirname, '..', '..');
const verbose = process.argv.includes('--verbose');
const { watchlist } = loadWatchlist(join(root, 'config', 'watchlist.yaml'), process.env);

const fmt = (s: Score): string => `${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)}   tp=${s.tp} fp=${s.fp} fn=${s.fn}`;

async function report(title: string, dir: string): Promise<void> {
  const set = await loadLabelled(dir);
  const positives = set.filter((s) => s.people.length > 0).length;
  console.log(`${title}: ${set.length} labelled articles (${positives} with a person to alert on, ${set.length - positives} without)\n`);
  console.log('                                   precision  recall');
  const rows: Array<[string, Score]> = [];
  for (const [name, predict] of [['exilewatch', engine(watchlist)], ['baseline (substring)', baseline(watchlist)]] as const) {
    for (const key of ['people', 'signals'] as const) {
      const s = score(set, predict, key);
      const label = `${name.padEnd(21)} ${key === 'people' ? 'person alerts' : 'signals      '}`;
      rows.push([label.replace(/\s+/g, ' ').trim(), s]);
      console.log(`${label} ${fmt(s)}`);
    }
  }
  if (verbose) {
    for (const [name, s] of rows) {
      if (s.errors.length === 0) continue;
      console.log(`\n  ${name}:`);
      for (const e of s.errors) console.log(`    ${e}`);
    }
  }
  console.log('');
}

async function main(): Promise<void> {
  await report('held-out set (seeds/holdout), never used for tuning', join(root, 'seeds', 'holdout'));
  await report('set D (seeds/set-d), written independently, since used for tuning', join(root, 'seeds', 'set-d'));
  await report('set C (seeds/set-c), written independently, since used for tuning', join(root, 'seeds', 'set-c'));
  await report('set B (seeds/set-b), written independently, since used for tuning', join(root, 'seeds', 'set-b'));
  await report('set A (seeds/articles), written independently, since used for tuning', join(root, 'seeds'));
  await report('development set (seeds/dev)', join(root, 'seeds', 'dev'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
