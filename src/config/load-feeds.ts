import { ConfigError } from './errors';
import { resolveEnvRefs, type Unresolved } from './env-refs';
import { feedsSchema, type FeedsConfig } from './feeds-schema';
import { reportZodIssues, type Env } from './load-watchlist';
import type { Watchlist } from './watchlist-schema';
import { YamlFile, type Path } from './yaml-file';
import { didYouMean } from '../util/did-you-mean';

// A source's name is printed in every alert: a ${VAR} there could copy a secret into a message.
const referenceAllowed = (path: Path): boolean => !(path[0] === 'sources' && path[2] === 'name');

/** Reads and validates config/feeds.yaml; throws ConfigError listing every problem. */
export function loadFeeds(file: string, env: Env, watchlist?: Watchlist): FeedsConfig {
  const yf = YamlFile.read(file);
  const feeds = checkFeeds(yf, env, watchlist);
  if (!feeds) throw new ConfigError(yf.issues);
  return feeds;
}

export function checkFeeds(yf: YamlFile, env: Env, watchlist?: Watchlist): FeedsConfig | undefined {
  if (!yf.ok || yf.data === undefined) return undefined;
  const unresolved: Unresolved[] = [];
  const misplaced: Unresolved[] = [];
  const resolved = resolveEnvRefs(yf.data, env, unresolved, [], referenceAllowed, misplaced);
  for (const m of misplaced) yf.report(m.path, `\${${m.variable}} is not resolved in a source's name, which alerts show: write the name itself`);
  for (const u of unresolved) yf.report(u.path, `${u.variable} is not set in the environment (referenced as \${${u.variable}})`);
  const parsed = feedsSchema.safeParse(resolved);
  if (!parsed.success) {
    reportZodIssues(yf, parsed.error, feedsSchema, resolved);
    return undefined;
  }
  const f = parsed.data;
  f.sources.forEach((s, i) => {
    if (f.sources.findIndex((x) => x.id === s.id) !== i) yf.report(['sources', i, 'id'], `duplicate source id "${s.id}"`);
  });
  const route = f.defaults.healthRoute;
  if (route && watchlist && !watchlist.routes.some((r) => r.id === route)) {
    const near = didYouMean(
      route,
      watchlist.routes.map((r) => r.id),
    );
    yf.report(['defaults', 'healthRoute'], `unknown route "${route}"${near || ' (routes are defined in the watchlist)'}`);
  }
  return yf.ok ? f : undefined;
}
