import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { configVersion } from '../config/config-version';
import { issueForLog } from '../config/errors';
import type { ConfigSnapshot } from '../config/live-config';
import { watchedTerms, watchedTermsIn } from '../config/watched-terms';
import { hasGains, watchlistGained } from '../config/watchlist-gained';
import { loadConfig, type ConfigPaths } from '../config/load-config';
import type { Metrics } from '../ops/metrics';
import { subscribeReload, type ReloadSubscription } from '../queue/reload-channel';
import { Keys } from '../store/keys';
import { WORKER_TTL_SECONDS, type WorkerRecord } from '../store/worker-registry';
import type { Logger } from '../util/logger';
import { within } from '../util/within';
import { watchConfigFiles, type ConfigWatcher } from './config-watcher';
import type { Runtime } from './runtime';
import { applySchedules } from './schedules';

export interface LiveReloadOptions {
  paths: ConfigPaths;
  /** Watch the files; false leaves `exilewatch reload` as the only trigger. */
  watch: boolean;
  log: Logger;
  metrics?: Metrics;
}

export interface LiveReload {
  readonly workerId: string;
  /** Reloads now, after any reload already under way; resolves when the new config is in force. */
  reload(trigger: 'file' | 'request', requestId?: string): Promise<void>;
  close(): Promise<void>;
}

// A third of the record's lifetime: two missed heartbeats (a long GC, a Redis blip) do not drop it.
const HEARTBEAT_MS = (WORKER_TTL_SECONDS * 1000) / 3;
const CLOSE_MS = 2000;

/**
 * Keeps a running worker's configuration in step with its files: reloads on a change of either file
 * and on `exilewatch reload`, one reload at a time; swaps in what is valid, refuses the rest with every
 * problem logged at file:line:column; makes the schedulers follow; and keeps this worker's record in
 * Redis (version, last reload) fresh, for `exilewatch status` and `exilewatch reload` to read.
 */
export async function startLiveReload(runtime: Runtime, options: LiveReloadOptions): Promise<LiveReload> {
  const { paths, log, metrics } = options;
  const { live, stores, queues } = runtime;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
  const startedAt = new Date().toISOString();
  let answered: string | undefined;

  const record = (): WorkerRecord => {
    const c = runtime.configSummary();
    return {
      id: workerId,
      host: hostname(),
      pid: process.pid,
      startedAt,
      version: c.version,
      loadedAt: c.loadedAt,
      ...(c.lastReload ? { lastReload: c.lastReload } : {}),
      ...(answered !== undefined ? { answered } : {}),
    };
  };
  const heartbeat = async (): Promise<void> => {
    // While Redis is away there is nothing to tell; the record lapses, and comes back with Redis.
    if (runtime.redis.status !== 'ready') return;
    await stores.workers.put(record()).catch((err: Error) => log.warn({ error: err.message }, 'worker record not written'));
  };

  const reloadOnce = async (trigger: 'file' | 'request', requestId?: string): Promise<void> => {
    const { watchlist } = live.current().watchlist;
    let result;
    try {
      result = live.reload(() => loadConfig(paths, runtime.config.env.vars));
    } catch (err) {
      log.error({ trigger, error: (err as Error).message }, 'configuration reload failed; the last good configuration stays in force');
      metrics?.reloaded('failed');
      return;
    }
    if (result.outcome === 'failed') {
      // The names of the file as edited, and of the watchlist in force: either may be quoted.
      const watched = watchlist.settings.logNames ? [] : [...watchedTermsIn(paths.watchlist), ...watchedTerms(watchlist)];
      for (const issue of result.issues) log.error({ file: issue.file, line: issue.line, column: issue.column, trigger }, issueForLog(issue, watched));
      log.error(
        { trigger, errors: result.issues.length, version: result.current.version },
        `configuration reload refused: ${result.issues.length} error${result.issues.length === 1 ? '' : 's'}; version ${result.current.version} stays in force (exilewatch validate shows every message)`,
      );
      metrics?.reloaded('failed');
    } else if (result.outcome === 'unchanged') {
      log.info({ trigger, version: result.current.version }, 'configuration unchanged');
      metrics?.reloaded('ok');
    } else {
      logLoaded(result.previous, result.next, trigger, log);
      metrics?.reloaded('ok');
      // A name added this morning should catch yesterday's report: the kept articles are matched again.
      if (hasGains(watchlistGained(result.previous.watchlist.watchlist, result.next.watchlist.watchlist))) {
        await runtime
          .requestReplay(Date.now() - runtime.config.env.replayWindowMs, 'watchlist-gained')
          .catch((err: Error) => log.error({ error: err.message }, 'replay after the reload not requested; run exilewatch replay'));
      }
      await applySchedules(queues, stores, result.next, log).catch((err: Error) =>
        log.error({ error: err.message }, 'schedules not updated after the reload; they follow at the next reload or start'),
      );
    }
    if (requestId !== undefined) answered = requestId;
    await heartbeat();
  };

  let chain: Promise<void> = Promise.resolve();
  const reload = (trigger: 'file' | 'request', requestId?: string): Promise<void> => {
    chain = chain.then(() => reloadOnce(trigger, requestId));
    return chain;
  };

  let watcher: ConfigWatcher | undefined;
  if (options.watch) {
    watcher = watchConfigFiles([paths.watchlist, paths.feeds], () => void reload('file'), {
      onError: (err, dir) => log.warn({ dir, error: err.message }, 'configuration files no longer watched; reload with: exilewatch reload'),
    });
  }
  // An edit saved while the worker was starting, before the watch began, would wait for the next one.
  if (options.watch && filesVersion(paths) !== live.current().version) void reload('file');
  const channel = new Keys(runtime.conns.config.prefix).reloadChannel();
  const subscription: ReloadSubscription = await subscribeReload(runtime.conns, channel, (id) => void reload('request', id), log);
  await heartbeat();
  // A heartbeat, not a queue job: it says this process is alive, which only the process itself can say.
  const timer = setInterval(() => void heartbeat(), HEARTBEAT_MS);
  timer.unref();
  log.info(
    { watching: options.watch, worker_id: workerId },
    options.watch ? 'reloading on changes to the configuration files and on exilewatch reload' : 'reloading on exilewatch reload',
  );

  return {
    workerId,
    reload,
    close: async () => {
      watcher?.close();
      clearInterval(timer);
      await within(CLOSE_MS, chain);
      await within(CLOSE_MS, subscription.close());
      if (runtime.redis.status === 'ready')
        await within(
          CLOSE_MS,
          stores.workers.remove(workerId).catch(() => undefined),
        );
    },
  };
}

function filesVersion(paths: ConfigPaths): string | undefined {
  try {
    return configVersion([paths.watchlist, paths.feeds]);
  } catch {
    return undefined;
  }
}

/** Counts and the version, never a name: like the start banner. */
function logLoaded(previous: ConfigSnapshot, next: ConfigSnapshot, trigger: string, log: Logger): void {
  for (const w of next.watchlist.issues) log.warn({ file: w.file, line: w.line }, w.message);
  const w = next.watchlist.watchlist;
  log.info(
    {
      trigger,
      version: next.version,
      previous_version: previous.version,
      people: w.people.length,
      signals: w.signals.length,
      routes: w.routes.length,
      sources: next.feeds.sources.filter((s) => s.enabled).length,
    },
    `configuration reloaded: version ${next.version}`,
  );
}
