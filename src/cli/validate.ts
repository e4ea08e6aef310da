import { existsSync } from 'node:fs';
import { formatIssue, type ConfigIssue } from '../config/errors';
import type { Env } from '../config/load-watchlist';
import { checkWatchlist } from '../config/load-watchlist';
import { checkFeeds } from '../config/load-feeds';
import { YamlFile } from '../config/yaml-file';

export interface ValidateOptions {
  watchlist: string;
  feeds: string;
  /** The feeds file is checked when it exists, or always when named on the command line. */
  feedsExplicit: boolean;
}

/** Checks the configuration files and prints every problem as file:line:column. Returns the exit code. */
export function validate(opts: ValidateOptions, env: Env, out: (line: string) => void): number {
  const issues: ConfigIssue[] = [];
  const summary: string[] = [];

  const wf = YamlFile.read(opts.watchlist);
  const w = checkWatchlist(wf, env);
  issues.push(...wf.issues);
  if (w) {
    const { people, signals, contexts, rules, routes } = w.watchlist;
    summary.push(
      `${opts.watchlist}: ${people.length} people, ${signals.length} signals, ${contexts.length} contexts, ${rules.length} rules, ${routes.length} routes enabled` +
        (w.disabledRoutes.length > 0 ? ` (${w.disabledRoutes.length} disabled)` : ''),
    );
  }

  if (opts.feedsExplicit || existsSync(opts.feeds)) {
    const ff = YamlFile.read(opts.feeds);
    const f = checkFeeds(ff, env, w?.watchlist);
    issues.push(...ff.issues);
    if (f) summary.push(`${opts.feeds}: ${f.sources.length} sources`);
  }

  for (const issue of issues) out(formatIssue(issue));
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (errors > 0) {
    out(`${errors} error${errors === 1 ? '' : 's'}`);
    return 1;
  }
  for (const line of summary) out(`ok ${line}`);
  return 0;
}
