import type { z } from 'zod';
import { isOneWord, wordsOf } from '../matching/compile';
import { ConfigError, type ConfigIssue } from './errors';
import { hasEnvRef, resolveEnvRefs, type Unresolved } from './env-refs';
import { contextKindIn, watchlistSchema, type Route, type Watchlist } from './watchlist-schema';
import { unsafePattern } from './regex-safety';
import { YamlFile, type Path } from './yaml-file';
import { didYouMean } from '../util/did-you-mean';
import { pathName } from './path-name';
import { keysAt } from './schema-keys';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadedWatchlist {
  watchlist: Watchlist;
  /** Routes disabled because an optional route's variables are unset. */
  disabledRoutes: string[];
  /** The same routes, with what each lacks: for the worker's start banner. */
  disabled: DisabledRoute[];
  issues: ConfigIssue[];
}

export interface DisabledRoute {
  id: string;
  kind: string;
  /** The variables it references that are unset. */
  variables: string[];
  /** The warning reported for it, so that a command that says so itself can leave this one out. */
  warning: ConfigIssue;
}

const SECRET_FIELDS: Record<string, string[]> = { slack: ['webhookUrl'], webhook: ['url', 'secret'] };

// The fields of a route that take an address or a secret: the only places a ${VAR} is resolved.
const REFERENCE_FIELDS = new Set(['to', 'cc', 'bcc', 'url', 'webhookUrl', 'secret']);
const referenceAllowed = (path: Path): boolean => path[0] === 'routes' && REFERENCE_FIELDS.has(String(path[2]));

/**
 * Reports schema problems at the line and column of the value concerned, naming list entries by id
 * (`data` is what the schema parsed) and suggesting the key meant when one is unknown.
 */
export function reportZodIssues(yf: YamlFile, error: z.ZodError, schema?: z.ZodType, data: unknown = yf.data): void {
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length > 0 ? `${pathName(data, path)}: ` : '';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? keysAt(schema, path) : [];
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"${didYouMean(k, known)}`).join(', ')}`;
    }
    yf.report(issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path, `${where}${message}`);
  }
}

/**
 * Reads, resolves and validates the watchlist, collecting every problem rather than stopping at the
 * first. Throws ConfigError when any is an error; warnings come back in `issues`.
 */
export function loadWatchlist(file: string, env: Env): LoadedWatchlist {
  const yf = YamlFile.read(file);
  const result = checkWatchlist(yf, env);
  if (!yf.ok || !result) throw new ConfigError(yf.issues);
  return { ...result, issues: yf.issues };
}

export function checkWatchlist(yf: YamlFile, env: Env): Omit<LoadedWatchlist, 'issues'> | undefined {
  if (!yf.ok || yf.data === undefined) return undefined;
  const raw = yf.data as { routes?: Array<Record<string, unknown>> };

  // Secrets are written as ${VAR}; a literal one in the file would end up in version control.
  (Array.isArray(raw.routes) ? raw.routes : []).forEach((r, i) => {
    for (const key of SECRET_FIELDS[String(r?.kind)] ?? []) {
      const v = r[key];
      if (typeof v === 'string' && !hasEnvRef(v)) {
        yf.report(['routes', i, key], `${pathName(yf.data, ['routes', i, key])}: write a \${VARIABLE} reference and set the secret in the environment`);
      }
    }
  });

  const unresolved: Unresolved[] = [];
  const misplaced: Unresolved[] = [];
  const resolved = resolveEnvRefs(yf.data, env, unresolved, [], referenceAllowed, misplaced) as { routes?: unknown[] };
  for (const m of misplaced) {
    yf.report(m.path, `\${${m.variable}} is resolved only in a route's addresses and secrets (to, cc, url, webhookUrl, secret)`);
  }
  const disabled: DisabledRoute[] = [];
  for (const u of unresolved) {
    const routeIndex = u.path[0] === 'routes' ? Number(u.path[1]) : -1;
    const route = raw.routes?.[routeIndex];
    if (route?.optional === true) {
      const known = disabled.find((d) => d.id === String(route.id));
      if (known) {
        if (!known.variables.includes(u.variable)) known.variables.push(u.variable);
      } else {
        yf.report(u.path, `route "${String(route.id)}" is disabled: ${u.variable} is not set`, 'warning');
        disabled.push({ id: String(route.id), kind: String(route.kind), variables: [u.variable], warning: yf.issues.at(-1)! });
      }
    } else {
      yf.report(u.path, `${u.variable} is not set in the environment (referenced as \${${u.variable}})`);
    }
  }
  const disabledRoutes = disabled.map((d) => d.id);
  if (Array.isArray(resolved.routes) && disabledRoutes.length > 0) {
    resolved.routes = resolved.routes.filter((r) => !disabledRoutes.includes(String((r as { id?: unknown }).id)));
  }
  if (!yf.ok) return undefined;

  // Cross-references are checked on the raw data, so they are reported together with schema problems.
  crossCheck(yf, resolved, disabledRoutes);
  const parsed = watchlistSchema.safeParse(resolved);
  if (!parsed.success) reportZodIssues(yf, parsed.error, watchlistSchema, resolved);
  return yf.ok && parsed.success ? { watchlist: parsed.data, disabledRoutes, disabled } : undefined;
}

type Loose = Record<string, unknown>;
const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Loose) : {})) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What the schema cannot see: duplicate ids, references to things that do not exist, empty names. */
function crossCheck(yf: YamlFile, w: Loose, disabled: string[]): void {
  const seen = new Map<string, string>();
  for (const section of ['people', 'signals', 'contexts'] as const) {
    list(w[section]).forEach((e, i) => {
      const id = str(e.id);
      if (id === undefined) return;
      const prior = seen.get(id);
      if (prior) yf.report([section, i, 'id'], `duplicate id "${id}" (already used in ${prior})`);
      else seen.set(id, section);
    });
  }
  duplicates(yf, 'rules', list(w.rules));
  const routes = list(w.routes);
  duplicates(yf, 'routes', routes);
  const routeIds = new Set(routes.map((r) => str(r.id)));
  routes.forEach((r, i) => {
    if (r.mode === 'digest' && !r.digest) yf.report(['routes', i, 'mode'], `route "${str(r.id)}": a digest route needs digest: { every, at }`);
    const tz = str(r.timeZone);
    if (tz !== undefined && !validTimeZone(tz)) yf.report(['routes', i, 'timeZone'], `route "${str(r.id)}": unknown time zone "${tz}"`);
  });
  const checkRoutes = (path: Path, names: string[]): void =>
    names.forEach((r, j) => {
      if (!routeIds.has(r) && !disabled.includes(r))
        yf.report(
          [...path, j],
          `unknown route "${r}"${didYouMean(
            r,
            [...routeIds, ...disabled].filter((x) => x !== undefined),
          )}`,
        );
    });

  list(w.people).forEach((p, i) => {
    checkRoutes(['people', i, 'routes'], strings(p.routes));
    const name = str(p.name);
    if (name && wordsOf(name).length === 0) yf.report(['people', i, 'name'], `"${name}" has no letters or digits to match`);
    for (const key of ['aliases', 'shortForms', 'exclude'] as const) {
      // An alias may be written { name, context }.
      const names = (Array.isArray(p[key]) ? (p[key] as unknown[]) : []).map((a) => (a && typeof a === 'object' ? (a as Loose).name : a));
      names.forEach((a, j) => {
        if (typeof a !== 'string') return;
        if (a.trim() !== '' && wordsOf(a).length === 0) yf.report(['people', i, key, j], `"${a}" has no letters or digits to match`);
      });
    }
  });
  // A tag entry only gives actions to the people who carry the tag: one nobody carries is a typo.
  duplicates(yf, 'tags', list(w.tags));
  const personTags = new Set(list(w.people).flatMap((p) => strings(p.tags)));
  list(w.tags).forEach((tag, i) => {
    const id = str(tag.id);
    if (id !== undefined && !personTags.has(id)) yf.report(['tags', i, 'id'], `no person has tag "${id}", so these actions would never be shown`);
  });
  list(w.signals).forEach((s, i) => {
    const parts = strings(s.words).length + strings(s.phrases).length + list(s.near).length + strings(s.patterns).length;
    if (parts === 0) yf.report(['signals', i], `signal "${str(s.id)}" has no words, phrases, near clauses or patterns`);
    strings(s.words).forEach((word, j) => {
      if (word.includes('*')) yf.report(['signals', i, 'words', j], `"${word}": a * (any one word) belongs in a phrase, between two words`);
      else if (!isOneWord(word)) yf.report(['signals', i, 'words', j], `"${word}" is not one word: put it under phrases`);
    });
    strings(s.phrases).forEach((phrase, j) => {
      const pieces = phrase.trim().split(/\s+/);
      if (!pieces.includes('*')) return;
      if (pieces[0] === '*' || pieces.at(-1) === '*') yf.report(['signals', i, 'phrases', j], `"${phrase}": a * (any one word) must stand between two words`);
      else if (pieces.some((x) => x !== '*' && x.includes('*'))) yf.report(['signals', i, 'phrases', j], `"${phrase}": write * as a word of its own`);
    });
    list(s.near).forEach((n, j) => {
      (Array.isArray(n.words) ? n.words : []).forEach((slot, k) => {
        for (const word of strings(Array.isArray(slot) ? slot : [slot])) {
          if (!contextKindIn(word) && !isOneWord(word.replace(/^=/, ''))) {
            yf.report(['signals', i, 'near', j, 'words', k], `"${word}" is not one word: near clauses take single words`);
          }
        }
      });
    });
    strings(s.patterns).forEach((p, j) => {
      try {
        new RegExp(p, 'giu');
      } catch (err) {
        yf.report(['signals', i, 'patterns', j], `bad regular expression: ${(err as Error).message}`);
        return;
      }
      // A pattern that can backtrack for ever on a crafted sentence would stall every worker.
      const unsafe = unsafePattern(p);
      if (unsafe) yf.report(['signals', i, 'patterns', j], `pattern could take exponential time: ${unsafe}`);
    });
  });
  const known = (section: 'people' | 'signals' | 'contexts'): { ids: Set<string>; tags: Set<string> } => ({
    ids: new Set(list(w[section]).map((e) => str(e.id) ?? '')),
    tags: new Set(list(w[section]).flatMap((e) => strings(e.tags))),
  });
  list(w.rules).forEach((r, i) => {
    const id = str(r.id);
    checkRoutes(['rules', i, 'routes'], strings(r.routes));
    const when = (r.when && typeof r.when === 'object' ? r.when : {}) as Loose;
    for (const [kind, section] of [
      ['person', 'people'],
      ['signal', 'signals'],
      ['context', 'contexts'],
    ] as const) {
      const k = known(section);
      strings(when[kind]).forEach((s, j) => {
        const ok = s.startsWith('tag:') ? k.tags.has(s.slice(4)) : k.ids.has(s);
        if (!ok) {
          const tag = s.startsWith('tag:');
          const near = didYouMean(s.replace(/^tag:/, ''), tag ? k.tags : k.ids);
          yf.report(['rules', i, 'when', kind, j], `rule "${id}": no ${kind} ${tag ? 'has tag' : 'has id'} "${s.replace(/^tag:/, '')}"${near}`);
        }
      });
    }
    if (when.person === undefined && when.signal === undefined && when.context === undefined) {
      yf.report(['rules', i, 'when'], `rule "${id}" has no condition: name a person, signal or context`);
    }
  });
}

function duplicates(yf: YamlFile, section: string, entries: Loose[]): void {
  entries.forEach((e, i) => {
    if (e.id !== undefined && entries.findIndex((x) => x.id === e.id) !== i) yf.report([section, i, 'id'], `duplicate id "${str(e.id)}" in ${section}`);
  });
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type { Route };
