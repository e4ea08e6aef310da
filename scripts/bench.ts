// `npm run bench`: how matching cost grows with the watchlist and with the article. Figures are ratios
// against a baseline measured in the same run, because the machines it runs on are shared and noisy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { loadWatchlist } from '../src/config/load-watchlist';
import { person, type Watchlist } from '../src/config/watchlist-schema';
import { compileWatchlist } from '../src/matching/compile';
import { matchArticle } from '../src/matching/match-article';
import { loadLabelled } from './eval-set';

const root = join(__dirname, '..', '..');
const shipped = loadWatchlist(join(root, 'config', 'watchlist.yaml'), process.env).watchlist;
type Doc = Awaited<ReturnType<typeof loadLabelled>>[number]['article'];

// Deterministic pseudo-random syllables, so every run builds the same synthetic watchlist.
let seed = 42;
const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
const SYL = ['ka', 'so', 'ri', 'mu', 'te', 'na', 'pho', 'chan', 'vy', 'seng', 'dara', 'lin', 'rom', 'bo', 'thy'];
const word = (): string => {
  const w = Array.from({ length: 2 + rand(2) }, () => SYL[rand(SYL.length)]).join('');
  return w[0]!.toUpperCase() + w.slice(1);
};

function grown(people: number): Watchlist {
  const extra = Array.from({ length: people }, (_, i) => ({ id: `synthetic-${i}`, name: `${word()} ${word()}`, aliases: [`${word()} ${word()} ${word()}`] }));
  return { ...shipped, people: [...shipped.people, ...extra.map((p) => person.parse(p))] };
}

function timePerArticle(w: Watchlist, docs: Doc[], rounds: number): number {
  const compiled = compileWatchlist(w);
  for (const a of docs) matchArticle(a, compiled); // warm-up
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const a of docs) matchArticle(a, compiled);
  return (performance.now() - start) / (rounds * docs.length);
}

/** What a naive matcher costs: a substring search per alias. */
function naivePerArticle(w: Watchlist, docs: Doc[], rounds: number): number {
  const names = w.people.flatMap((p) => [p.name, ...p.aliases]).map((n) => n.toLowerCase());
  const start = performance.now();
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    for (const a of docs) {
      const text = `${a.title}\n${a.content}`.toLowerCase();
      for (const n of names) if (text.includes(n)) hits++;
    }
  }
  if (hits < 0) console.log(hits);
  return (performance.now() - start) / (rounds * docs.length);
}

async function main(): Promise<void> {
  const articles = (await loadLabelled(join(root, 'seeds'))).map((l) => l.article);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  console.log(`${articles.length} fixture articles, ${rounds} rounds each\n`);
  console.log('watchlist size (aliases)     engine ms/article  ratio   naive ms/article  ratio');
  let base: [number, number] | undefined;
  for (const extra of [0, 1_000, 10_000, 30_000]) {
    const w = grown(extra);
    const aliases = w.people.reduce((n, p) => n + 1 + p.aliases.length, 0);
    const t = timePerArticle(w, articles, rounds);
    const naive = naivePerArticle(w, articles, rounds);
    base ??= [t, naive];
    console.log(
      `${String(aliases).padStart(24)}     ${t.toFixed(3).padStart(14)}  ${(t / base[0]).toFixed(2).padStart(5)}x  ${naive.toFixed(3).padStart(16)}  ${(naive / base[1]).toFixed(1).padStart(5)}x`,
    );
  }

  console.log('\narticle length (words)       engine ms/article  ratio');
  const longest = articles.reduce((a, b) => (b.content.length > a.content.length ? b : a));
  let lenBase: number | undefined;
  for (const times of [1, 4, 16]) {
    const doc = { ...longest, content: Array.from({ length: times }, () => longest.content).join('\n\n') };
    const t = timePerArticle(shipped, [doc], rounds * 4);
    lenBase ??= t;
    console.log(`${String(doc.content.split(/\s+/).length).padStart(22)}     ${t.toFixed(3).padStart(14)}  ${(t / lenBase).toFixed(2).padStart(5)}x`);
  }
}

/** Median wall time of a command, in milliseconds. */
function medianRun(args: string[], env: NodeJS.ProcessEnv, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}`);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** `exilewatch match` of one article against a bare `node` start, alternated so that noise hits both alike. */
function startup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-bench-'));
  const file = join(dir, 'article.txt');
  writeFileSync(file, 'Police detained an opposition activist\n\nThe activist was detained at the airport on Monday.\n');
  const env = { PATH: process.env.PATH ?? '', EXILEWATCH_DATA_DIR: dir, NO_COLOR: '1' };
  const match = [join(root, 'bin', 'exilewatch.js'), 'match', file];
  medianRun(match, env, 1); // the first run validates the watchlist and caches it
  let node = 0;
  let cli = 0;
  const rounds = 5;
  for (let i = 0; i < rounds; i++) {
    node += medianRun(['-e', '0'], env, 3);
    cli += medianRun(match, env, 3);
  }
  console.log('\nstart-up                     median ms  ratio');
  console.log(`${'node -e 0'.padStart(22)}     ${(node / rounds).toFixed(0).padStart(9)}  1.00x`);
  console.log(`${'exilewatch match FILE'.padStart(22)}     ${(cli / rounds).toFixed(0).padStart(9)}  ${(cli / node).toFixed(2).padStart(4)}x`);
}

main()
  .then(startup)
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
