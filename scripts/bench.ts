// `npm run bench`: matching speed on a deterministic input, beside three baselines measured on the same
// text in the same run (the machines it runs on are shared and noisy, so the ratios are what to read),
// and the start-up of the commands a user runs, against a bare `node`.
//
//   npm run bench                      about 20 MB of articles; results in bench/results.json
//   npm run bench -- --quick           about 3 MB, for a quick look
//   npm run bench -- --out FILE        the JSON elsewhere
//   npm run bench -- --matching-only   without the pipeline part (scripts/bench-pipeline.ts), which
//                                      otherwise follows and adds its figures to the same JSON
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadWatchlist } from '../src/config/load-watchlist';
import { person, type Watchlist } from '../src/config/watchlist-schema';
import { compileWatchlist } from '../src/matching/compile';
import { matchArticle, type MatchInput } from '../src/matching/match-article';
import { splitSentences } from '../src/matching/sentences';
import { loadLabelled } from './eval-set';
import { SNAPSHOT_SETS } from './engine-snapshot';

const root = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outAt = args.indexOf('--out');
const outFile = resolve(outAt >= 0 && args[outAt + 1] ? args[outAt + 1]! : join(root, 'bench', 'results.json'));

const TARGET_BYTES = quick ? 3e6 : 20e6;
const ARTICLE_BYTES = 1_700;
const NAME_SHARE = 0.03;
const SIZES = [10, 1_000, 10_000];
// The baselines cost up to a regular expression per term per article: they run on a share of the input.
const BASELINE_SECONDS = quick ? 1.5 : 4;

/** mulberry32: a small seeded generator, so that every run builds the same articles and watchlists. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SYLLABLES = ['ka', 'so', 'ri', 'mu', 'te', 'na', 'pho', 'chan', 'vy', 'seng', 'dara', 'lin', 'rom', 'bo', 'thy', 'vann', 'kol', 'sa', 'mey', 'ra'];

/** Synthetic people: two-word names of made-up syllables, each with two or three aliases. */
export function syntheticPeople(count: number, rand: () => number): Array<{ id: string; name: string; aliases: string[] }> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const word = (): string => {
    const w = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES)).join('');
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return Array.from({ length: count }, (_, i) => {
    const [given, family, middle] = [word(), word(), word()];
    const aliases = [`${family} ${given}`, `${given} ${middle} ${family}`];
    if (rand() < 0.5) aliases.push(`${given}-${family}`);
    return { id: `synthetic-${i}`, name: `${given} ${family}`, aliases };
  });
}

/**
 * News-like articles of about 1.7 KB from the sentences of the project's own seed articles, shuffled,
 * with a synthetic person's name put into about 3% of the sentences.
 */
export async function syntheticArticles(names: readonly string[], rand: () => number): Promise<MatchInput[]> {
  const sentences: string[] = [];
  for (const [, dir] of SNAPSHOT_SETS) {
    for (const { article } of await loadLabelled(join(root, 'seeds', dir))) {
      for (const text of [article.title, article.content]) for (const s of splitSentences(text)) sentences.push(text.slice(s.start, s.end));
    }
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const sentence = (): string => {
    const s = pick(sentences);
    if (rand() >= NAME_SHARE) return s;
    const words = s.split(' ');
    words.splice(Math.floor(rand() * words.length), 0, pick(names));
    return words.join(' ');
  };
  const articles: MatchInput[] = [];
  for (let bytes = 0, n = 0; bytes < TARGET_BYTES; n++) {
    const paragraphs: string[] = [];
    let length = 0;
    while (length < ARTICLE_BYTES) {
      const p = Array.from({ length: 1 + Math.floor(rand() * 3) }, sentence).join(' ');
      paragraphs.push(p);
      length += p.length + 2;
    }
    const a = { id: `bench-${n}`, title: sentence().slice(0, 200), summary: '', content: paragraphs.join('\n\n') };
    articles.push(a);
    bytes += sizeOf(a);
  }
  return articles;
}

const sizeOf = (a: MatchInput): number => Buffer.byteLength(a.title) + Buffer.byteLength(a.content) + 1;

interface Rate {
  mbS: number;
  articlesS: number;
}

/**
 * Runs `one` over the articles in order, all of them or as many as fit in `seconds`, and returns the
 * rate by the clock. (Process CPU time would count the garbage collector's helper threads as well.)
 */
function rate<T extends { bytes: number }>(articles: readonly T[], one: (a: T) => number, seconds = Infinity): Rate {
  let bytes = 0;
  let n = 0;
  let sink = 0;
  const start = performance.now();
  const spent = (): number => (performance.now() - start) / 1000;
  for (const a of articles) {
    sink += one(a);
    bytes += a.bytes;
    n++;
    if (seconds !== Infinity && spent() > seconds) break;
  }
  const s = spent();
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  return { mbS: bytes / 1e6 / s, articlesS: n / s };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The literal terms a keyword matcher would search for: every spelling of a name, signal words and phrases, context words. */
function termsOf(w: Watchlist): string[] {
  const people = w.people.flatMap((p) => [p.name, ...p.aliases, ...p.shortForms]);
  const signals = w.signals.flatMap((s) => [...s.words, ...s.phrases]);
  const contexts = w.contexts.flatMap((c) => c.words);
  // A phrase's words with any spaces between them; "overstaying * visa" takes one word or none in between.
  const term = (t: string): string => {
    let out = '';
    let optional = false;
    for (const x of t.trim().split(/\s+/)) {
      if (x === '*') optional = true;
      else {
        out += `${out ? '\\s+' : ''}${optional ? '(?:\\S+\\s+)?' : ''}${escape(x)}`;
        optional = false;
      }
    }
    return out;
  };
  return [...new Set([...people, ...signals, ...contexts].map(term))].sort((a, b) => b.length - a.length);
}

interface SizeResult {
  people: number;
  engine_mb_s: number;
  baseline_mb_s: number;
  alternation_mb_s: number;
  limit_mb_s: number;
  engine_articles_s: number;
  compile_ms: number;
  alerts: number;
}

function measure(people: number, w: Watchlist, inputs: readonly MatchInput[]): SizeResult {
  const articles = inputs.map((a) => ({ article: a, bytes: sizeOf(a) }));
  // The baselines get the text of title and body as one string, made once, and flat.
  const texts = inputs.map((a) => ({ text: Buffer.from(`${a.title}\n${a.content}`).toString(), bytes: sizeOf(a) }));
  const compileStart = performance.now();
  const compiled = compileWatchlist(w);
  const compileMs = performance.now() - compileStart;
  let alerts = 0;
  const engineOne = ({ article }: { article: MatchInput }): number => {
    const n = matchArticle(article, compiled).alerts.length;
    alerts += n;
    return n;
  };
  for (const a of inputs.slice(0, 200)) matchArticle(a, compiled); // warm-up
  const engine = rate(articles, engineOne);
  log(`  engine on ${people} people done`);

  const terms = termsOf(w);
  // One case-insensitive, word-bounded expression per term: what a keyword alert service does.
  const each = terms.map((t) => new RegExp(`\\b${t}\\b`, 'i'));
  const baseline = rate(
    texts,
    ({ text }) => {
      let n = 0;
      for (const re of each) if (re.test(text)) n++;
      return n;
    },
    BASELINE_SECONDS,
  );
  // All terms in one alternation: a regular-expression engine's best at this.
  const one = new RegExp(`\\b(?:${terms.join('|')})\\b`, 'gi');
  const alternation = rate(
    texts,
    ({ text }) => {
      let n = 0;
      one.lastIndex = 0;
      while (one.exec(text)) n++;
      return n;
    },
    BASELINE_SECONDS,
  );
  // The limit: one pass over the text that finds nothing.
  const limit = rate(texts, ({ text }) => text.indexOf('\u0001absent\u0002') + 1);
  return {
    people,
    engine_mb_s: engine.mbS,
    baseline_mb_s: baseline.mbS,
    alternation_mb_s: alternation.mbS,
    limit_mb_s: limit.mbS,
    engine_articles_s: engine.articlesS,
    compile_ms: compileMs,
    alerts,
  };
}

interface Run {
  /** By the clock. */
  wallMs: number;
  /** The child's own CPU time, start-up included: what other work on a shared machine does not change. */
  cpuMs: number;
}

// Loaded into each child with -r: writes the process's CPU time, in microseconds, to a file as it exits.
const CPU_PROBE = `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.BENCH_CPU_FILE, String(u.user + u.system)); });`;

function timedRun(cmd: string[], env: NodeJS.ProcessEnv, probe: string, cpuFile: string): Run {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['-r', probe, ...cmd], { cwd: root, env: { ...env, BENCH_CPU_FILE: cpuFile }, stdio: ['ignore', 'ignore', 'ignore'] });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited with ${r.status}`);
  return { wallMs, cpuMs: Number(readFileSync(cpuFile, 'utf8')) / 1000 };
}

interface Startup {
  match_vs_node: number;
  validate_vs_node: number;
  match_vs_node_wall: number;
  validate_vs_node_wall: number;
  node_cpu_ms: number;
  match_cpu_ms: number;
  validate_cpu_ms: number;
  node_ms: number;
  match_ms: number;
  validate_ms: number;
}

/**
 * `exilewatch match` on one article and `exilewatch validate` against `node -e 0`, alternated so that
 * noise hits all alike; the medians of each, by CPU time (the ratios) and by the clock.
 */
function startup(): Startup {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-bench-'));
  const file = join(dir, 'article.txt');
  const probe = join(dir, 'cpu-probe.js');
  const cpuFile = join(dir, 'cpu');
  writeFileSync(file, 'Police detained an opposition activist\n\nThe activist was detained at the airport on Monday.\n');
  writeFileSync(probe, CPU_PROBE);
  const env = { PATH: process.env.PATH ?? '', EXILEWATCH_DATA_DIR: dir, NO_COLOR: '1' };
  const cli = join(root, 'bin', 'exilewatch.js');
  const commands = { node: ['-e', '0'], match: [cli, 'match', file], validate: [cli, 'validate'] };
  timedRun(commands.match, env, probe, cpuFile); // the first run validates the watchlist and caches it
  const runs: Record<keyof typeof commands, Run[]> = { node: [], match: [], validate: [] };
  for (let i = 0; i < (quick ? 9 : 15); i++) {
    for (const k of Object.keys(commands) as Array<keyof typeof commands>) runs[k].push(timedRun(commands[k], env, probe, cpuFile));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const cpu = (k: keyof typeof commands): number => median(runs[k].map((r) => r.cpuMs));
  const wall = (k: keyof typeof commands): number => median(runs[k].map((r) => r.wallMs));
  return {
    match_vs_node: cpu('match') / cpu('node'),
    validate_vs_node: cpu('validate') / cpu('node'),
    match_vs_node_wall: wall('match') / wall('node'),
    validate_vs_node_wall: wall('validate') / wall('node'),
    node_cpu_ms: cpu('node'),
    match_cpu_ms: cpu('match'),
    validate_cpu_ms: cpu('validate'),
    node_ms: wall('node'),
    match_ms: wall('match'),
    validate_ms: wall('validate'),
  };
}

// Progress on standard error, so that a long run shows where it is.
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const f1 = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));

async function main(): Promise<void> {
  const shipped = loadWatchlist(join(root, 'config', 'watchlist.yaml'), process.env).watchlist;
  const pool = syntheticPeople(Math.max(...SIZES), prng(7));
  const articles = await syntheticArticles(
    pool.flatMap((p) => [p.name, ...p.aliases]),
    prng(42),
  );
  const mb = articles.reduce((n, a) => n + sizeOf(a), 0) / 1e6;
  console.log(`${articles.length} synthetic articles, ${mb.toFixed(1)} MB, names of the 10,000 synthetic people in about 3% of sentences`);
  console.log(
    `watchlists: N synthetic people with 2-3 aliases each, and the shipped ${shipped.signals.length} signals, ${shipped.contexts.length} contexts, ${shipped.rules.length} rules\n`,
  );
  console.log('people   engine MB/s  articles/s   naive regex MB/s  alternation MB/s  indexOf MB/s   vs naive  vs alternation  from indexOf  alerts');
  const matching: SizeResult[] = [];
  for (const size of SIZES) {
    const people = pool.slice(0, size).map((p) => person.parse(p));
    const w: Watchlist = { ...shipped, people, tags: [] };
    const r = measure(size, w, articles);
    matching.push(r);
    console.log(
      [
        String(size).padStart(6),
        f1(r.engine_mb_s).padStart(13),
        r.engine_articles_s.toFixed(0).padStart(11),
        f1(r.baseline_mb_s).padStart(18),
        f1(r.alternation_mb_s).padStart(17),
        f1(r.limit_mb_s).padStart(13),
        `${f1(r.engine_mb_s / r.baseline_mb_s)}x`.padStart(10),
        `${f1(r.engine_mb_s / r.alternation_mb_s)}x`.padStart(15),
        `${f1(r.limit_mb_s / r.engine_mb_s)}x`.padStart(13),
        String(r.alerts).padStart(7),
      ].join(' '),
    );
  }
  const growth = matching[0]!.engine_mb_s / matching[matching.length - 1]!.engine_mb_s;
  console.log(`\nengine time per MB from ${SIZES[0]} to ${SIZES[SIZES.length - 1]!.toLocaleString('en')} people: ${growth.toFixed(2)}x`);

  const s = startup();
  console.log('\nstart-up                   CPU ms  ratio    clock ms  ratio');
  const row = (name: string, cpu: number, wallMs: number): void =>
    console.log(
      `${name.padEnd(24)} ${cpu.toFixed(0).padStart(7)}  ${(cpu / s.node_cpu_ms).toFixed(2)}x ${wallMs.toFixed(0).padStart(10)}  ${(wallMs / s.node_ms).toFixed(2)}x`,
    );
  row('node -e 0', s.node_cpu_ms, s.node_ms);
  row('exilewatch match FILE', s.match_cpu_ms, s.match_ms);
  row('exilewatch validate', s.validate_cpu_ms, s.validate_ms);

  mkdirSync(dirname(outFile), { recursive: true });
  const result = {
    input: { articles: articles.length, mb, quick },
    matching,
    growth_10_to_10000: growth,
    startup: s,
  };
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${outFile}`);
  if (args.includes('--matching-only')) return;
  console.log('\npipeline, through real worker processes on a private Redis:');
  const pipeline = spawnSync(process.execPath, [join(__dirname, 'bench-pipeline.js'), '--out', outFile, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (pipeline.status !== 0) process.exitCode = pipeline.status ?? 1;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
