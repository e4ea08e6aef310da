import type { CompiledWatchlist } from '../matching/compile';
import { ConfigError, type ConfigIssue } from './errors';
import type { FeedsConfig } from './feeds-schema';
import type { LoadedWatchlist } from './load-watchlist';

/** One loaded, validated configuration: never changed once made, only replaced as a whole. */
export interface ConfigSnapshot {
  readonly watchlist: LoadedWatchlist;
  readonly feeds: FeedsConfig;
  readonly compiled: CompiledWatchlist;
  /** The files' hash (config-version.ts): the same on every worker that loaded the same files. */
  readonly version: string;
  /** ISO time this snapshot was loaded. */
  readonly loadedAt: string;
}

/** How the last reload went: `ok` also when the files had not changed. */
export type ReloadStatus = { outcome: 'ok'; at: string; version: string } | { outcome: 'failed'; at: string; errors: number; issues: ConfigIssue[] };

export type ReloadResult =
  | { outcome: 'changed'; previous: ConfigSnapshot; next: ConfigSnapshot }
  | { outcome: 'unchanged'; current: ConfigSnapshot }
  | { outcome: 'failed'; current: ConfigSnapshot; issues: ConfigIssue[] };

/**
 * Told after a new snapshot is swapped in. `previous` and `next` are whole snapshots, so a listener can
 * compare them (replay, for one, looks for people, aliases or signals `next` gained). A listener's
 * error or rejection is handed to the holder's `onListenerError` and never undoes the swap.
 */
export type ChangeListener = (previous: ConfigSnapshot, next: ConfigSnapshot) => void | Promise<void>;

/**
 * The configuration a running worker uses now. Stages take `current()` once when a job starts and keep
 * that snapshot to its end, so a reload applies from the next job, and no job sees half of one
 * configuration and half of another. A reload that fails validation keeps the last good snapshot.
 */
export class LiveConfig {
  private snapshot: ConfigSnapshot;
  private status: ReloadStatus | undefined;
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    initial: ConfigSnapshot,
    private readonly onListenerError: (err: unknown) => void = () => undefined,
  ) {
    this.snapshot = initial;
  }

  current(): ConfigSnapshot {
    return this.snapshot;
  }

  /** The last reload's outcome; undefined until the first reload after start-up. */
  lastReload(): ReloadStatus | undefined {
    return this.status;
  }

  /** Calls `listener` after every swap; returns the function that stops it. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Loads a candidate with `load` (the start-up loaders: it throws ConfigError listing every problem)
   * and swaps it in when valid and different. Any other error is not a verdict on the files and is
   * thrown to the caller, with the current snapshot kept.
   */
  reload(load: () => ConfigSnapshot, now: () => Date = () => new Date()): ReloadResult {
    let next: ConfigSnapshot;
    try {
      next = load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const errors = err.issues.filter((i) => i.severity === 'error');
      this.status = { outcome: 'failed', at: now().toISOString(), errors: errors.length, issues: errors };
      return { outcome: 'failed', current: this.snapshot, issues: errors };
    }
    const previous = this.snapshot;
    if (next.version === previous.version) {
      this.status = { outcome: 'ok', at: now().toISOString(), version: previous.version };
      return { outcome: 'unchanged', current: previous };
    }
    this.snapshot = next;
    this.status = { outcome: 'ok', at: now().toISOString(), version: next.version };
    for (const listener of this.listeners) {
      try {
        const done = listener(previous, next);
        if (done) done.catch(this.onListenerError);
      } catch (err) {
        this.onListenerError(err);
      }
    }
    return { outcome: 'changed', previous, next };
  }
}
