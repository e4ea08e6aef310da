// `npm run eval`: precision and recall of the engine, and of a naive baseline, in one run, on the three
// labelled sets in seeds/ (seeds/README.md says how each was written and which ones the watchlist was
// tuned on). Add --verbose to list every miss and false alarm.
import { join } from 'node:path';
import { loadWatchlist } from '../src/config/load-watchlist';
import { baseline, engine, loadLabelled, score, type Score } from './eval-set';
import { loadRealSet, realBaseline, realEngine, scorePeople, type PersonScore } from './eval-real';

const root = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const valueOf = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const { watchlist } = loadWatchlist(join(root, 'config', 'watchlist.yaml'), process.env);

const fmt = (s: Score): string => `${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)}   tp=${s.tp} fp=${s.fp} fn=${s.fn}`;

async function report(title: string, dir: string): Promise<void> {
  const set = await loadLabelled(dir);
  const positives = set.filter((s) => s.people.length > 0).length;
  console.log(`${title}: ${set.length} labelled articles (${positives} with a person to alert on, ${set.length - positives} without)\n`);
  console.log('                                   precision  recall');
  const rows: Array<[string, Score]> = [];
  for (const [name, predict] of [
    ['exilewatch', engine(watchlist)],
    ['baseline (substring)', baseline(watchlist)],
  ] as const) {
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

const fmtPeople = (s: PersonScore): string =>
  `${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(7)} ${String(s.wrongPerson).padStart(12)}   tp=${s.tp} fp=${s.fp} fn=${s.fn}`;

/** A set of real reporting (articles.yaml + people.yaml): person alerts only, the headline figure. */
function reportReal(dir: string, part: string | undefined): void {
  if (part !== undefined && part !== 'dev' && part !== 'check') throw new Error(`--part takes dev or check, not "${part}"`);
  const set = loadRealSet(dir, watchlist, part);
  const positives = set.items.filter((i) => i.people.length > 0).length;
  const what = part ? `, ${part} part` : '';
  console.log(`${dir}${what}: ${set.items.length} items (${positives} with a person to alert on), ${set.watchlist.people.length} watched people\n`);
  if (set.missingSignals.length > 0) console.log(`signal kinds labelled but not in the shipped watchlist: ${set.missingSignals.join(', ')}\n`);
  console.log('                        precision  recall      F1  wrong-person');
  const rows = [
    ['exilewatch', scorePeople(set.items, realEngine(set))],
    ['baseline (substring)', scorePeople(set.items, realBaseline(set))],
  ] as const;
  for (const [name, s] of rows) console.log(`${name.padEnd(22)} ${fmtPeople(s)}`);
  if (verbose) {
    for (const [name, s] of rows.slice(0, 1)) {
      console.log(`\n  ${name}:`);
      for (const e of s.errors) console.log(`    ${e}`);
    }
  }
  console.log('');
}

async function main(): Promise<void> {
  const setDir = valueOf('--set');
  if (setDir !== undefined) return reportReal(setDir, valueOf('--part'));
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
