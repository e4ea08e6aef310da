// The matching engine's whole output on every labelled seed set, in a compact form: the identity
// harness (test/unit/matching/engine-identity.test.ts) compares it with the committed snapshot, so
// that a change made for speed cannot change a single match or alert unnoticed.
//
//   node dist/scripts/engine-snapshot.js            rewrite test/fixtures/matching/engine-snapshot.json
//   node dist/scripts/engine-snapshot.js --check    exit 1 when the engine's output differs from it
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, Match } from '../src/alerts/alert';
import { loadWatchlist } from '../src/config/load-watchlist';
import { compileWatchlist } from '../src/matching/compile';
import { explainPerson } from '../src/matching/explain';
import { matchArticle } from '../src/matching/match-article';
import { loadLabelled } from './eval-set';

/** Every labelled set, by the name it has in the snapshot, and its folder under seeds/. */
export const SNAPSHOT_SETS: ReadonlyArray<readonly [string, string]> = [
  ['dev', 'dev'],
  ['holdout', 'holdout'],
  ['set-a', '.'],
  ['set-b', 'set-b'],
  ['set-c', 'set-c'],
  ['set-d', 'set-d'],
];

/**
 * Per article (set/file), its matches and its alerts, each as one line of text, and for each person
 * it names a digest of what `match --explain` says about them.
 */
export type EngineSnapshot = Record<string, { matches: string[]; alerts: string[]; explain: string[] }>;

const matchLine = (m: Match): string => `${m.kind} ${m.entry} ${m.how} ${m.field} ${m.start}-${m.end} sentence@${m.sentenceStart}+${m.sentence.length}`;

function alertLine(a: Alert): string {
  const evidence = a.evidence.map((e) => `${e.field}+${e.text.length}[${e.highlights.map((h) => `${h.kind[0]}${h.start}-${h.end}`).join(',')}]`);
  return [
    a.rule,
    a.severity,
    `person=${a.personId ?? '-'}`,
    `signals=${a.signalIds.join(',')}`,
    `contexts=${a.contextIds.join(',')}`,
    `routes=${a.routes.join(',')}`,
    `id=${a.id}`,
    `evidence=${evidence.join(' ')}`,
    `snippet+${a.snippet.length}`,
  ].join(' ');
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export async function engineSnapshot(root: string): Promise<EngineSnapshot> {
  const { watchlist } = loadWatchlist(join(root, 'config', 'watchlist.yaml'), {});
  const compiled = compileWatchlist(watchlist);
  const out: EngineSnapshot = {};
  for (const [name, dir] of SNAPSHOT_SETS) {
    for (const { file, article } of await loadLabelled(join(root, 'seeds', dir))) {
      const { matches, alerts } = matchArticle(article, compiled);
      const named = [...new Set(matches.filter((m) => m.kind === 'person').map((m) => m.entry))].sort();
      const explain = named.map((id) => `${id} ${digest(explainPerson(article, compiled, id).join('\n'))}`);
      out[`${name}/${file}`] = { matches: matches.map(matchLine), alerts: alerts.map(alertLine), explain };
    }
  }
  return out;
}

export const snapshotFile = (root: string): string => join(root, 'test', 'fixtures', 'matching', 'engine-snapshot.json');

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const now = await engineSnapshot(root);
  if (process.argv.includes('--check')) {
    const saved = JSON.parse(readFileSync(snapshotFile(root), 'utf8')) as EngineSnapshot;
    const differ = Object.keys({ ...saved, ...now }).filter((k) => JSON.stringify(saved[k]) !== JSON.stringify(now[k]));
    for (const k of differ) console.log(`differs: ${k}`);
    console.log(`${Object.keys(now).length} articles, ${differ.length} differ`);
    process.exit(differ.length === 0 ? 0 : 1);
  }
  writeFileSync(snapshotFile(root), `${JSON.stringify(now, null, 1)}\n`);
  console.log(`${Object.keys(now).length} articles written to ${snapshotFile(root)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
