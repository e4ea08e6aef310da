import type { z } from 'zod';
import { wordsOf } from '../matching/compile';
import { ConfigError, type ConfigIssue } from './errors';
import { hasEnvRef, resolveEnvRefs, type Unresolved } from './env-refs';
import { watchlistSchema, type Route, type Watchlist } from './watchlist-schema';
import { YamlFile, type Path } from './yaml-file';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadedWatchlist {
  watchlist: Watchlist;
  /** Routes disabled because an optional route's variables are unset. */
  disabledRoutes: string[];
  issues: ConfigIssue[];
}

const SECRET_FIELDS: Record<string, string[]> = { slack: ['webhookUrl'], webhook: ['url', 'secret'] };

/** Reports schema problems at the line and column of the value concerned. */
export function reportZodIssues(yf: YamlFile, error: z.ZodError): void {
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
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
        yf.report(['routes', i, key], `routes.${i}.${key}: write a \${VARIABLE} reference and set the secret in the environment`);
      }
    }
  });

  const unresolved: Unresolved[] = [];
  const resolved = resolveEnvRefs(yf.data, env, unresolved) as { routes?: unknown[] };
  const disabledRoutes: string[] = [];
  for (const u of unresolved) {
    const routeIndex = u.path[0] === 'routes' ? Number(u.path[1]) : -1;
    const route = raw.routes?.[routeIndex];
    if (route?.optional === true) {
      if (!disabledRoutes.includes(String(route.id))) {
        disabledRoutes.push(String(route.id));
        yf.report(u.path, `route "${String(route.id)}" is disabled: ${u.variable} is not set`, 'warning');
      }
    } else {
      yf.report(u.path, `${u.variable} is not set in the environment (referenced as \${${u.variable}})`);
    }
  }
  if (Array.isArray(resolved.routes) && disabledRoutes.length > 0) {
    resolved.routes = resolved.routes.filter((r) => !disabledRoutes.includes(String((r as { id?: unknown }).id)));
  }
  if (!yf.ok) return undefined;

  const parsed = watchlistSchema.safeParse(resolved);
  if (!parsed.success) {
    reportZodIssues(yf, parsed.error);
    return undefined;
  }
  crossCheck(yf, parsed.data, disabledRoutes, rawRouteIndex(raw));
  return yf.ok ? { watchlist: parsed.data, disabledRoutes } : undefined;
}

function rawRouteIndex(raw: { routes?: Array<Record<string, unknown>> }): (id: string) => number {
  return (id) => (raw.routes ?? []).findIndex((r) => r?.id === id);
}

/** What the schema cannot see: duplicate ids, references to things that do not exist, empty names. */
function crossCheck(yf: YamlFile, w: Watchlist, disabled: string[], routeIndex: (id: string) => number): void {
  const seen = new Map<string, string>();
  const sections = [
    ['people', w.people],
    ['signals', w.signals],
    ['contexts', w.contexts],
  ] as const;
  for (const [section, list] of sections) {
    list.forEach((e, i) => {
      const prior = seen.get(e.id);
      if (prior) yf.report([section, i, 'id'], `duplicate id "${e.id}" (already used in ${prior})`);
      else seen.set(e.id, section);
    });
  }
  duplicates(yf, 'rules', w.rules);
  const routeIds = new Set(w.routes.map((r) => r.id));
  w.routes.forEach((r, i) => {
    if (w.routes.findIndex((x) => x.id === r.id) !== i) yf.report(['routes', routeIndex(r.id), 'id'], `duplicate route id "${r.id}"`);
    if (r.mode === 'digest' && !r.digest) yf.report(['routes', routeIndex(r.id), 'mode'], `route "${r.id}": a digest route needs digest: { every, at }`);
    if (!validTimeZone(r.timeZone)) yf.report(['routes', routeIndex(r.id), 'timeZone'], `route "${r.id}": unknown time zone "${r.timeZone}"`);
  });
  const checkRoutes = (path: Path, routes: string[]): void =>
    routes.forEach((r, j) => {
      if (!routeIds.has(r) && !disabled.includes(r)) yf.report([...path, j], `unknown route "${r}"`);
    });

  w.people.forEach((p, i) => {
    checkRoutes(['people', i, 'routes'], p.routes);
    const names: Array<[string, number, string]> = [
      ['name', -1, p.name],
      ...p.aliases.map((a, j) => ['aliases', j, a] as [string, number, string]),
      ...p.shortForms.map((a, j) => ['shortForms', j, a] as [string, number, string]),
      ...p.exclude.map((a, j) => ['exclude', j, a] as [string, number, string]),
    ];
    for (const [key, j, name] of names) {
      if (wordsOf(name).length === 0) yf.report(j < 0 ? ['people', i, key] : ['people', i, key, j], `"${name}" has no letters or digits to match`);
    }
  });
  w.signals.forEach((s, i) => {
    if (s.words.length + s.phrases.length + s.near.length + s.patterns.length === 0) {
      yf.report(['signals', i], `signal "${s.id}" has no words, phrases, near clauses or patterns`);
    }
    s.words.forEach((word, j) => {
      if (wordsOf(word).length !== 1) yf.report(['signals', i, 'words', j], `"${word}" is not one word: put it under phrases`);
    });
    s.patterns.forEach((p, j) => {
      try {
        new RegExp(p, 'giu');
      } catch (err) {
        yf.report(['signals', i, 'patterns', j], `bad regular expression: ${(err as Error).message}`);
      }
    });
  });
  const ids = (kind: 'person' | 'signal' | 'context'): { ids: Set<string>; tags: Set<string> } => {
    const list = kind === 'person' ? w.people : kind === 'signal' ? w.signals : w.contexts;
    return { ids: new Set(list.map((e) => e.id)), tags: new Set(list.flatMap((e) => e.tags)) };
  };
  w.rules.forEach((r, i) => {
    checkRoutes(['rules', i, 'routes'], r.routes);
    for (const kind of ['person', 'signal', 'context'] as const) {
      const sel = r.when[kind];
      if (!Array.isArray(sel)) continue;
      const known = ids(kind);
      sel.forEach((s, j) => {
        const ok = s.startsWith('tag:') ? known.tags.has(s.slice(4)) : known.ids.has(s);
        if (!ok) yf.report(['rules', i, 'when', kind, j], `rule "${r.id}": no ${kind} ${s.startsWith('tag:') ? 'has tag' : 'has id'} "${s.replace(/^tag:/, '')}"`);
      });
    }
    if (r.when.person === undefined && r.when.signal === undefined && r.when.context === undefined) {
      yf.report(['rules', i, 'when'], `rule "${r.id}" has no condition: name a person, signal or context`);
    }
  });
}

function duplicates(yf: YamlFile, section: string, list: ReadonlyArray<{ id: string }>): void {
  list.forEach((e, i) => {
    if (list.findIndex((x) => x.id === e.id) !== i) yf.report([section, i, 'id'], `duplicate id "${e.id}" in ${section}`);
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
