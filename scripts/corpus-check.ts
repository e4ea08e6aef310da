/**
 * Hardening check for the feed reader: runs charset decoding, feed parsing and the item adapter over a
 * corpus of real-world feed files (the test suites of other feed parsers) and reports
 *
 * - how every file was classified: a feed with items, an empty feed, or a named error;
 * - crashes (anything but a FetchError) and hangs (a per-file time limit, enforced from outside the
 *   parsing thread so that a synchronous loop cannot hide it);
 * - unsafe output: any article link that is not http(s), any javascript:/data:/vbscript: link;
 * - agreement with the peers' expected results where they are easy to compare (formats, item counts,
 *   titles, links, ids, summaries as plain text).
 *
 * Not part of the test suite, and the corpus is read in place, never copied into the repository.
 *
 *   npx tsc -p tsconfig.build.json && node dist/scripts/corpus-check.js [corpus-dir] [--verbose]
 *
 * The corpus directory defaults to ../shared/feed-corpus relative to the repository root.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { boundedHtmlToText } from '../src/articles/bounded-text';
import { articleFromItem, cleanText } from '../src/articles/from-item';
import { htmlToText } from '../src/articles/html-text';
import { decodeBody, normaliseCharset } from '../src/sources/charset';
import { FetchError } from '../src/sources/fetch-error';
import { parseFeed } from '../src/sources/parse-feed';

const PER_FILE_TIMEOUT_MS = 5_000;
const MARKUP = /<\s*(script|iframe|object|embed|img|a|style|svg)\b|\bon[a-z]+\s*=\s*["']/i;
const FEED_EXTENSIONS = /\.(xml|rss|atom|rdf|json)$/i;

// ---------------------------------------------------------------------------------------------------
// What the worker reports for one file.

interface ItemView {
  title: string;
  link?: string;
  guid?: string;
  summary: string;
  content: string;
}

interface FileResult {
  file: string;
  outcome: 'items' | 'empty' | 'error' | 'crash' | 'hang';
  errorKind?: string;
  message?: string;
  format?: string;
  charset?: string;
  feedTitle?: string;
  feedLink?: string;
  items: ItemView[];
  invalidItems: number;
  unsafeLinks: string[];
  /** Items whose plain text still holds something that looks like an HTML tag or script. */
  markupItems: number;
  ms: number;
}

interface Job {
  file: string;
  contentType?: string;
  baseUrl: string;
}

// ---------------------------------------------------------------------------------------------------
// Worker side: decode, parse, adapt.

async function checkFile(root: string, job: Job): Promise<FileResult> {
  const started = Date.now();
  const result: FileResult = { file: job.file, outcome: 'empty', items: [], invalidItems: 0, unsafeLinks: [], markupItems: 0, ms: 0 };
  try {
    const decoded = decodeBody(readFileSync(path.join(root, job.file)), job.contentType);
    result.charset = decoded.charset;
    const feed = await parseFeed(decoded.text, { baseUrl: job.baseUrl });
    result.format = feed.format;
    if (feed.title !== undefined) result.feedTitle = plain(feed.title);
    if (feed.link !== undefined) result.feedLink = feed.link;
    result.invalidItems = feed.invalidItems;
    for (const raw of feed.items) {
      const article = articleFromItem(raw, { id: 'corpus' });
      // Titles as the pipeline carries them (with the adapter's fallback for untitled items); summary and
      // content as plain text of what the feed carried, before the adapter drops a repeated content.
      const view: ItemView = { title: article.title, summary: plain(raw.summaryHtml), content: plain(raw.contentHtml) };
      if (raw.link !== undefined) view.link = raw.link;
      if (raw.guid !== undefined) view.guid = raw.guid;
      result.items.push(view);
      if (MARKUP.test(`${article.title}\n${article.summary}\n${article.content}`)) result.markupItems++;
      for (const link of [raw.link, article.url]) {
        if (link !== undefined && link !== '' && !/^https?:\/\//i.test(link)) result.unsafeLinks.push(link);
      }
    }
    result.outcome = feed.items.length > 0 ? 'items' : 'empty';
  } catch (err) {
    if (err instanceof FetchError) {
      result.outcome = 'error';
      result.errorKind = err.kind;
      result.message = err.message;
    } else {
      result.outcome = 'crash';
      result.message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  }
  result.ms = Date.now() - started;
  return result;
}

function plain(html: string | undefined): string {
  return html === undefined ? '' : cleanText(boundedHtmlToText(html)).replace(/\s+/g, ' ').trim();
}

async function workerMain(): Promise<void> {
  const { root, jobs } = workerData as { root: string; jobs: Job[] };
  for (const job of jobs) parentPort!.postMessage(await checkFile(root, job));
}

// ---------------------------------------------------------------------------------------------------
// Main side: run the worker with a watchdog, restarting it past a file that hangs.

function runAll(root: string, jobs: Job[]): Promise<FileResult[]> {
  return new Promise((resolve) => {
    const results: FileResult[] = [];
    const start = (from: number): void => {
      if (from >= jobs.length) return resolve(results);
      const slice = jobs.slice(from);
      const worker = new Worker(__filename, { workerData: { root, jobs: slice } });
      let done = 0;
      let timer = setTimeout(onHang, PER_FILE_TIMEOUT_MS);
      function onHang(): void {
        const job = slice[done]!;
        results.push({ file: job.file, outcome: 'hang', items: [], invalidItems: 0, unsafeLinks: [], markupItems: 0, ms: PER_FILE_TIMEOUT_MS });
        worker.removeAllListeners();
        void worker.terminate();
        start(from + done + 1);
      }
      worker.on('message', (r: FileResult) => {
        clearTimeout(timer);
        results.push(r);
        done++;
        if (done === slice.length) {
          void worker.terminate();
          resolve(results);
        } else timer = setTimeout(onHang, PER_FILE_TIMEOUT_MS);
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        worker.removeAllListeners();
        const job = slice[done]!;
        results.push({ file: job.file, outcome: 'crash', message: String(err), items: [], invalidItems: 0, unsafeLinks: [], markupItems: 0, ms: 0 });
        start(from + done + 1);
      });
    };
    start(0);
  });
}

function listFeedFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (e.name.startsWith('_') || e.name.startsWith('.')) continue;
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (FEED_EXTENSIONS.test(e.name)) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------
// Peers' expectations, reduced to checks this reader can answer.

type Field = 'count' | 'format' | 'charset' | 'feed.title' | 'feed.link' | 'title' | 'link' | 'guid' | 'summary' | 'content' | 'error';

interface Check {
  peer: string;
  field: Field;
  index?: number;
  expected: string;
}

interface PeerFile {
  headers: Record<string, string>;
  baseUrl?: string;
  checks: Check[];
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function loadExpectations(root: string): Map<string, PeerFile> {
  const byFile = new Map<string, PeerFile>();
  const entry = (file: string): PeerFile => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, (e = { headers: {}, checks: [] }));
    return e;
  };
  const expected = path.join(root, '_expected');

  const formats = readJson(path.join(expected, 'formats.json')) as Record<string, string>;
  for (const [file, format] of Object.entries(formats)) entry(file).checks.push({ peer: 'formats', field: 'format', expected: formatFamily(format) });

  const manifest = readJson(path.join(expected, 'feedparser', 'MANIFEST.json')) as { path: string; expect: string; http_headers: string[] }[];
  for (const m of manifest) {
    const e = entry(m.path);
    for (const h of m.http_headers) {
      const i = h.indexOf(':');
      if (i > 0) e.headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
    }
    e.baseUrl = e.headers['content-location'] ?? `http://127.0.0.1:8097/${m.path.replace(/^feedparser\//, '')}`;
    e.checks.push(...feedparserChecks(m.expect));
  }

  for (const file of listJson(path.join(expected, 'gofeed'))) {
    const rel = path.relative(path.join(expected, 'gofeed'), file).replace(/\.json$/, '');
    const input = findInput(root, `gofeed/${rel}`);
    if (input === undefined) continue;
    const doc = readJson(file) as Record<string, unknown>;
    const items = (doc['items'] ?? doc['entries'] ?? []) as Record<string, unknown>[];
    const e = entry(input);
    e.checks.push({ peer: 'gofeed', field: 'count', expected: String(items.length) });
    if (typeof doc['title'] === 'string') e.checks.push({ peer: 'gofeed', field: 'feed.title', expected: doc['title'] });
    items.forEach((it, index) => {
      if (typeof it['title'] === 'string') e.checks.push({ peer: 'gofeed', field: 'title', index, expected: it['title'] });
      if (typeof it['link'] === 'string' && /^https?:/.test(it['link'])) e.checks.push({ peer: 'gofeed', field: 'link', index, expected: it['link'] });
    });
  }

  for (const file of listJson(path.join(expected, 'rss-parser'))) {
    const name = path.basename(file, '.json');
    const input = findInput(root, `rss-parser/test/input/${name}`);
    if (input === undefined) continue;
    const doc = readJson(file) as { feed?: { title?: unknown; items?: Record<string, unknown>[] } };
    const items = doc.feed?.items ?? [];
    const e = entry(input);
    e.checks.push({ peer: 'rss-parser', field: 'count', expected: String(items.length) });
    items.forEach((it, index) => {
      if (typeof it['title'] === 'string') e.checks.push({ peer: 'rss-parser', field: 'title', index, expected: it['title'] });
      if (typeof it['link'] === 'string' && /^https?:/.test(it['link'])) e.checks.push({ peer: 'rss-parser', field: 'link', index, expected: it['link'] });
    });
  }

  const inline = path.join(expected, 'miniflux-inline');
  for (const file of listFiles(inline, /\.expect\.txt$/)) {
    const rel = path.relative(inline, file).replace(/\.expect\.txt$/, '');
    const input = findInput(root, `miniflux-inline/${rel}`);
    if (input === undefined) continue;
    const e = entry(input);
    e.baseUrl = 'https://example.org/';
    e.checks.push(...minifluxChecks(readFileSync(file, 'utf8')));
  }
  return byFile;
}

function formatFamily(format: string): string {
  if (format.startsWith('atom')) return 'atom';
  if (format.startsWith('rss')) return 'rss';
  if (format === 'rdf' || format === 'json') return format;
  return 'none';
}

function listFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, pattern));
    else if (pattern.test(e.name)) out.push(p);
  }
  return out;
}

function listJson(dir: string): string[] {
  return listFiles(dir, /\.json$/);
}

const inputIndex = new Map<string, string>();
function findInput(root: string, stem: string): string | undefined {
  if (inputIndex.size === 0) for (const f of listFeedFiles(root)) inputIndex.set(f.replace(/\.[^./]+$/, ''), f);
  return inputIndex.get(stem);
}

/** Python string literal ('…', "…", u'…') to its value. */
function pythonString(lit: string): string | undefined {
  const m = /^[uUbB]?(['"])([\s\S]*)\1$/.exec(lit.trim());
  if (!m) return undefined;
  return m[2]!.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0' }[e] ?? e;
  });
}

/** Splits a Python condition on top-level " and ", outside string literals. */
function pythonConjuncts(expr: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (expr.startsWith(' and ', i)) {
      parts.push(expr.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(expr.slice(start));
  return parts.map((p) => p.trim());
}

const FP_ENTRY =
  /^entries\[(\d+)\](?:\['(title|link|id|description|summary)'\]|\['title_detail'\]\['value'\]|\['content'\]\[0\]\['value'\]|\['summary_detail'\]\['value'\])\s*==\s*(.+)$/;
const FP_FEED = /^feed\['(title|link)'\](\['value'\])?\s*==\s*(.+)$/;
const FP_FEED_DETAIL = /^feed\['title_detail'\]\['value'\]\s*==\s*(.+)$/;

function feedparserChecks(expect: string): Check[] {
  const checks: Check[] = [];
  for (const atom of pythonConjuncts(expect)) {
    let m = FP_ENTRY.exec(atom);
    if (m) {
      const value = pythonString(m[3]!);
      if (value === undefined) continue;
      const key = m[2] ?? (atom.includes("['content']") ? 'content' : atom.includes("['summary_detail']") ? 'summary' : 'title');
      const field: Field = key === 'id' ? 'guid' : key === 'description' ? 'summary' : (key as Field);
      checks.push({ peer: 'feedparser', field, index: Number(m[1]), expected: value });
      continue;
    }
    m = FP_FEED.exec(atom);
    if (m && m[2] === undefined) {
      const value = pythonString(m[3]!);
      if (value !== undefined) checks.push({ peer: 'feedparser', field: m[1] === 'title' ? 'feed.title' : 'feed.link', expected: value });
      continue;
    }
    m = FP_FEED_DETAIL.exec(atom);
    if (m) {
      const value = pythonString(m[1]!);
      if (value !== undefined) checks.push({ peer: 'feedparser', field: 'feed.title', expected: value });
      continue;
    }
    m = /^len\(entries\)\s*==\s*(\d+)$/.exec(atom);
    if (m) {
      checks.push({ peer: 'feedparser', field: 'count', expected: m[1]! });
      continue;
    }
    m = /^encoding\s*==\s*(.+)$/.exec(atom);
    const charset = m ? pythonString(m[1]!) : undefined;
    if (charset !== undefined) checks.push({ peer: 'feedparser', field: 'charset', expected: charset });
  }
  return checks;
}

function goString(lit: string): string | undefined {
  const t = lit.trim();
  if (t.startsWith('`') && t.endsWith('`')) return t.slice(1, -1);
  try {
    const v = JSON.parse(t) as unknown;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function minifluxChecks(code: string): Check[] {
  const checks: Check[] = [];
  if (/^if err == nil \{/m.test(code)) checks.push({ peer: 'miniflux', field: 'error', expected: 'error' });
  for (const line of code.split('\n')) {
    let m = /^if len\(feed\.Entries\) != (\d+) \{/.exec(line);
    if (m) {
      checks.push({ peer: 'miniflux', field: 'count', expected: m[1]! });
      continue;
    }
    m = /^if feed\.Entries\[(\d+)\]\.(Title|URL) != ("(?:[^"\\]|\\.)*"|`[^`]*`) \{/.exec(line);
    if (m) {
      const value = goString(m[3]!);
      if (value !== undefined) checks.push({ peer: 'miniflux', field: m[2] === 'Title' ? 'title' : 'link', index: Number(m[1]), expected: value });
      continue;
    }
    m = /^if feed\.(Title|SiteURL) != ("(?:[^"\\]|\\.)*"|`[^`]*`) \{/.exec(line);
    if (m) {
      const value = goString(m[2]!);
      if (value !== undefined) checks.push({ peer: 'miniflux', field: m[1] === 'Title' ? 'feed.title' : 'feed.link', expected: value });
    }
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------------
// Comparing.

/** Peers give markup (sanitised HTML); this reader gives plain text. Compare the text. */
function norm(text: string): string {
  return htmlToText(text).replace(/\s+/g, ' ').trim();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function actual(r: FileResult, c: Check): string | undefined {
  const item = c.index === undefined ? undefined : r.items[c.index];
  switch (c.field) {
    case 'format':
      return r.outcome === 'error' || r.outcome === 'crash' || r.outcome === 'hang' ? 'none' : (r.format ?? 'none');
    case 'error':
      return r.outcome === 'error' ? 'error' : 'no error';
    case 'charset':
      return r.charset;
    case 'count':
      return String(r.items.length + r.invalidItems);
    case 'feed.title':
      return r.feedTitle ?? '';
    case 'feed.link':
      return r.feedLink ?? '';
    case 'title':
      return item?.title;
    case 'link':
      return item?.link;
    case 'guid':
      return item?.guid;
    case 'summary':
      return item === undefined ? undefined : item.summary || item.content;
    case 'content':
      return item === undefined ? undefined : item.content || item.summary;
  }
}

function agrees(r: FileResult, c: Check): boolean {
  const got = actual(r, c);
  if (got === undefined) return false;
  if (c.field === 'link' || c.field === 'feed.link') return sameUrl(got, c.expected);
  // Peers keep markup in titles ("<code>x</code> y") or give text that looks like it ("a <tag>"):
  // either way the text this reader gives must be what the expected value means.
  if (c.field === 'title' || c.field === 'feed.title') return collapse(got) === norm(c.expected) || collapse(got) === collapse(c.expected);
  if (c.field === 'summary' || c.field === 'content') return collapse(got) === norm(c.expected);
  if (c.field === 'guid') return got.trim() === c.expected.trim();
  // Compared after the same label aliasing (ISO-8859-1 and US-ASCII read as windows-1252, GB2312 as GB18030).
  if (c.field === 'charset') return got === (normaliseCharset(c.expected) ?? c.expected.toLowerCase());
  return got === c.expected;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

// ---------------------------------------------------------------------------------------------------

function pad(s: string | number, n: number): string {
  return String(s).padEnd(n);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const repoRoot = path.resolve(__dirname, '..', '..');
  const root = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(repoRoot, '..', 'shared', 'feed-corpus'));

  const expectations = loadExpectations(root);
  const files = listFeedFiles(root);
  const jobs: Job[] = files.map((file) => {
    const e = expectations.get(file);
    const job: Job = { file, baseUrl: e?.baseUrl ?? `http://corpus.example/${file}` };
    const ct = e?.headers['content-type'];
    if (ct !== undefined) job.contentType = ct;
    return job;
  });

  const started = Date.now();
  const results = await runAll(root, jobs);
  const elapsed = Date.now() - started;

  const byOutcome = new Map<string, number>();
  const byError = new Map<string, number>();
  for (const r of results) {
    byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + 1);
    if (r.outcome === 'error') byError.set(r.errorKind ?? '?', (byError.get(r.errorKind ?? '?') ?? 0) + 1);
  }

  console.log(`corpus: ${root}`);
  console.log(`files: ${results.length}  time: ${(elapsed / 1000).toFixed(1)} s  slowest: ${Math.max(...results.map((r) => r.ms))} ms\n`);
  console.log('outcome           files');
  for (const k of ['items', 'empty', 'error', 'crash', 'hang']) console.log(`${pad(k, 18)}${byOutcome.get(k) ?? 0}`);
  const onlyInvalid = results.filter((r) => r.outcome === 'empty' && r.invalidItems > 0).length;
  console.log(`(empty includes ${onlyInvalid} feeds whose every item lacked a link, id, title and text)`);
  console.log(`items read: ${results.reduce((n, r) => n + r.items.length, 0)}, dropped as invalid: ${results.reduce((n, r) => n + r.invalidItems, 0)}`);
  console.log('\nerror kind        files');
  for (const [k, v] of [...byError].sort((a, b) => b[1] - a[1])) console.log(`${pad(k, 18)}${v}`);

  const unsafe = results.filter((r) => r.unsafeLinks.length > 0);
  console.log(`\nnon-http(s) links let through: ${unsafe.reduce((n, r) => n + r.unsafeLinks.length, 0)} (in ${unsafe.length} files)`);
  const scripted = results.filter((r) => r.items.some((i) => /^\s*(javascript|vbscript|data):/i.test(i.link ?? '')));
  console.log(`javascript:/vbscript:/data: links let through: ${scripted.length}`);
  const markup = results.filter((r) => r.markupItems > 0);
  console.log(`items whose plain text looks like markup: ${markup.reduce((n, r) => n + r.markupItems, 0)} (in ${markup.length} files)`);

  const perPeer = new Map<string, { checked: number; agreed: number; byField: Map<string, [number, number]>; misses: string[] }>();
  const resultByFile = new Map(results.map((r) => [r.file, r]));
  for (const [file, e] of expectations) {
    const r = resultByFile.get(file);
    if (r === undefined) continue;
    for (const c of e.checks) {
      let p = perPeer.get(c.peer);
      if (!p) perPeer.set(c.peer, (p = { checked: 0, agreed: 0, byField: new Map(), misses: [] }));
      const ok = agrees(r, c);
      p.checked++;
      if (ok) p.agreed++;
      const f = p.byField.get(c.field) ?? [0, 0];
      f[0]++;
      if (ok) f[1]++;
      p.byField.set(c.field, f);
      if (!ok)
        p.misses.push(
          `${file} ${c.field}${c.index === undefined ? '' : `[${c.index}]`}: expected ${JSON.stringify(c.expected.slice(0, 80))}, got ${JSON.stringify((actual(r, c) ?? '(none)').slice(0, 80))}`,
        );
    }
  }
  console.log('\nagreement with expected results');
  console.log(`${pad('peer', 12)}${pad('checks', 8)}${pad('agree', 8)}%      by field (agree/checks)`);
  for (const [peer, p] of [...perPeer].sort()) {
    const fields = [...p.byField].map(([f, [n, ok]]) => `${f} ${ok}/${n}`).join(', ');
    console.log(`${pad(peer, 12)}${pad(p.checked, 8)}${pad(p.agreed, 8)}${pad(((100 * p.agreed) / Math.max(1, p.checked)).toFixed(1), 7)}${fields}`);
  }

  const problems = results.filter((r) => r.outcome === 'crash' || r.outcome === 'hang');
  for (const r of problems) console.log(`\n${r.outcome.toUpperCase()}: ${r.file} ${r.message ?? ''}`);
  if (verbose) {
    console.log('\nerrors:');
    for (const r of results.filter((x) => x.outcome === 'error')) console.log(`  ${r.file}: ${r.errorKind}: ${r.message}`);
    for (const [peer, p] of perPeer) {
      console.log(`\ndisagreements with ${peer}:`);
      for (const m of p.misses) console.log(`  ${m}`);
    }
    for (const r of unsafe) console.log(`unsafe: ${r.file}: ${r.unsafeLinks.join(' ')}`);
    for (const r of markup) console.log(`markup-like text: ${r.file}`);
  }
  process.exitCode = problems.length > 0 || unsafe.length > 0 ? 1 : 0;
}

if (isMainThread) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
} else {
  void workerMain();
}
