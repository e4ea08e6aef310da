import { compileWatchlist } from '../matching/compile';
import { configVersion } from './config-version';
import { ConfigError } from './errors';
import { loadFeeds } from './load-feeds';
import { loadWatchlist, type Env } from './load-watchlist';
import type { ConfigSnapshot } from './live-config';

export interface ConfigPaths {
  watchlist: string;
  feeds: string;
}

/**
 * Both files, validated by the start-up loaders and compiled: one snapshot, or a ConfigError listing
 * every problem in either file.
 */
export function loadConfig(paths: ConfigPaths, env: Env, now: () => Date = () => new Date()): ConfigSnapshot {
  // Hashed before reading: an edit landing in between gives a newer file under the older hash, which
  // the next reload sees as a change, never the other way round (a new hash over old content, skipped).
  const version = versionOf(paths);
  const watchlist = loadWatchlist(paths.watchlist, env);
  const feeds = loadFeeds(paths.feeds, env, watchlist.watchlist);
  return { watchlist, feeds, compiled: compileWatchlist(watchlist.watchlist), version, loadedAt: now().toISOString() };
}

function versionOf(paths: ConfigPaths): string {
  try {
    return configVersion([paths.watchlist, paths.feeds]);
  } catch (err) {
    // An editor that saves by rename leaves a moment with no file: a failed reload, not a crash.
    const e = err as NodeJS.ErrnoException;
    const file = e.path ?? paths.watchlist;
    const reason = e.code === 'ENOENT' ? 'file not found' : e.message;
    throw new ConfigError([{ file, line: 1, column: 1, message: `cannot read: ${reason}`, severity: 'error' }]);
  }
}
