import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../version';
import type { Env } from './load-watchlist';
import type { Watchlist } from './watchlist-schema';
import { compileWatchlist } from '../matching/compile';
import { gatesOf, primeGates } from '../matching/pattern-gate';
import { knownStems, primeStems } from '../matching/stem';
import { knownWords, primeWords } from '../matching/tokenize';

/** The validated watchlist, the stems of its words (stemming is most of compiling it), its entries' words and its patterns' gates. */
interface Cached {
  watchlist: Watchlist;
  stems: Array<[string, string]>;
  words: Array<[string, string[]]>;
  gates: Array<[string, string | null]>;
}

/**
 * The watchlist for commands that only match (`match`, `eval`): validated once, then kept as JSON in
 * the data directory until the file, the variables it references or the validating code change.
 * Validation loads the YAML parser and the schema library, most of a short command's start-up.
 * Route secrets are blanked (matching sends nothing), and the copy is readable by its owner only.
 * The stems of the watchlist's words, the words of its entries and its patterns' gates are kept with it.
 */
export function loadWatchlistForMatching(file: string, env: Env, cacheDir: string): Watchlist {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    // The validating loader words every way a file can be unreadable.
    return validated(file, env);
  }
  const key = cacheKey(bytes, env);
  const cached = join(cacheDir, `watchlist-${key}.json`);
  try {
    const hit = JSON.parse(readFileSync(cached, 'utf8')) as Cached;
    primeStems(hit.stems);
    primeWords(hit.words);
    primeGates(hit.gates);
    return hit.watchlist;
  } catch {
    // Not there yet, or unreadable: validate and write it.
  }
  const watchlist = withoutSecrets(validated(file, env));
  const { patterns } = compileWatchlist(watchlist);
  const entry: Cached = { watchlist, stems: knownStems(), words: knownWords(), gates: gatesOf(patterns) };
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    for (const old of readdirSync(cacheDir)) if (/^watchlist-[0-9a-f]+\.json$/.test(old)) rmSync(join(cacheDir, old), { force: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, cached);
  } catch {
    // A read-only data directory only costs speed.
  }
  return watchlist;
}

function validated(file: string, env: Env): Watchlist {
  // Loaded here, not at the top: a cache hit never needs the YAML parser or the schema.
  const { loadWatchlist } = require('./load-watchlist') as typeof import('./load-watchlist');
  return loadWatchlist(file, env).watchlist;
}

/** What the cached result depends on: the file, the values of the ${VAR}s it names, the code that validates, splits, stems and gates. */
function cacheKey(bytes: Buffer, env: Env): string {
  const h = createHash('sha256').update(VERSION).update('\0').update(bytes);
  const names = [...new Set([...bytes.toString('utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].sort();
  for (const n of names) h.update(`\0${n}=${env[n] ?? '\u0001unset'}`);
  for (const module of [
    './load-watchlist',
    './watchlist-schema',
    '../matching/tokenize',
    '../matching/normalise',
    '../matching/stem',
    '../matching/pattern-gate',
  ]) {
    const s = statSync(require.resolve(module));
    h.update(`\0${s.mtimeMs}:${s.size}`);
  }
  return h.digest('hex').slice(0, 32);
}

function withoutSecrets(w: Watchlist): Watchlist {
  const routes = w.routes.map((r) => (r.kind === 'slack' ? { ...r, webhookUrl: '' } : r.kind === 'webhook' ? { ...r, url: '', secret: '' } : r));
  return { ...w, routes };
}
