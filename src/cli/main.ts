import { join } from 'node:path';
import { Argument, Command, CommanderError, Option } from 'commander';
import { readEnv, type AppEnv } from '../config/env';
import type { Logger } from '../util/logger';
import type { ResolveOptions } from '../worker/redis-target';
import type { Runtime } from '../worker/runtime';
import { VERSION } from '../version';
import { UserError } from './user-error';
import { addCommandHelp } from './help-text';
import { reportError } from './report-error';
import { forTerminal } from '../util/terminal-text';

// Each command loads what it needs when it runs: `match` and `validate` must start fast, without the
// queue, mail and HTTP stacks the worker loads.

interface ConfigPaths {
  watchlist: string;
  feeds: string;
}

interface AlertsListFlags {
  since?: string;
  limit: string;
  person?: string;
  route?: string;
  severity?: 'low' | 'medium' | 'high' | 'critical';
  state?: import('../store/alert-store').DeliveryState;
  json?: boolean;
}

const logOutput = (env: AppEnv) => ({ format: env.logFormat, color: !env.noColor });

/** For commands whose own output is the point: info becomes warn; a level asked for stays. */
const quieter = (level: string): string => (level === 'info' ? 'warn' : level);

interface OpenOptions extends ResolveOptions {
  /** The command's start banner warns about disabled routes itself (worker/banner.ts). */
  bannerSaysRoutes?: boolean;
}

async function openRuntime(env: AppEnv, paths: ConfigPaths, log: Logger, options: OpenOptions) {
  const { configVersion } = require('../config/config-version') as typeof import('../config/config-version');
  // Hashed before reading, as a reload does (config/load-config.ts); a file that cannot be read is
  // reported by its loader below, as one line.
  const hashed = attempt(() => configVersion([paths.watchlist, paths.feeds]));
  const { loadWatchlist } = require('../config/load-watchlist') as typeof import('../config/load-watchlist');
  const { loadFeeds } = require('../config/load-feeds') as typeof import('../config/load-feeds');
  const { resolveRedis } = require('../worker/redis-target') as typeof import('../worker/redis-target');
  const { Runtime } = require('../worker/runtime') as typeof import('../worker/runtime');
  const watchlist = loadWatchlist(paths.watchlist, env.vars);
  const saidLater = new Set(options.bannerSaysRoutes ? watchlist.disabled.map((d) => d.warning) : []);
  for (const w of watchlist.issues) if (!saidLater.has(w)) log.warn({ file: w.file, line: w.line }, w.message);
  const feeds = loadFeeds(paths.feeds, env.vars, watchlist.watchlist);
  const version = hashed ?? configVersion([paths.watchlist, paths.feeds]);
  const redis = await resolveRedis(env, log, options);
  if (redis.note) console.error(`exilewatch: ${redis.note}`);
  return { runtime: new Runtime({ env, watchlist, feeds, redisUrl: redis.url, log, configVersion: version }), redis };
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * A short command on Redis: says at once when none answers, and on Ctrl-C exits without leaving an
 * embedded Redis behind (its exit hook stops it).
 */
async function withRuntime(env: AppEnv, paths: ConfigPaths, embedded: 'read' | 'never', use: (runtime: Runtime) => Promise<void>): Promise<void> {
  const { createLogger, logDestination } = require('../util/logger') as typeof import('../util/logger');
  const { onShutdownSignals } = require('../worker/shutdown-signals') as typeof import('../worker/shutdown-signals');
  const log = createLogger('error', logDestination(2, logOutput(env)));
  const shutdown = onShutdownSignals(log);
  void shutdown.requested.then(() => process.exit(130));
  const { runtime, redis } = await openRuntime(env, paths, log, { embedded, probe: true });
  try {
    await use(runtime);
  } finally {
    await runtime.stop();
    await redis.embedded?.stop();
    shutdown.dispose();
  }
}

export function program(): Command {
  const env = readEnv(process.env);
  const cli = new Command('exilewatch')
    .description('Watches news feeds for signs that governments are pursuing their critics abroad.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  cli
    .command('validate')
    .description('check the watchlist and feeds files; print every problem as file:line:column')
    .option('--watchlist <path>', 'watchlist file', env.watchlistPath)
    .option('--feeds <path>', 'feeds file (checked when it exists, or when named)')
    .action((o: { watchlist: string; feeds?: string }) => {
      const { validate } = require('./validate') as typeof import('./validate');
      process.exitCode = validate({ watchlist: o.watchlist, feeds: o.feeds ?? env.feedsPath, feedsExplicit: o.feeds !== undefined }, env.vars, (line) =>
        console.log(line),
      );
    });

  cli
    .command('match')
    .description('match text, HTML or feed files, the files of a directory, an article URL, or standard input (-) against the watchlist, and explain')
    .argument('[inputs...]', 'files, directories or http(s) URLs to read, or - for standard input', ['-'])
    .option('--watchlist <path>', 'watchlist file', env.watchlistPath)
    .option('--explain <person>', 'say, for this person id, why each rule did or did not fire')
    .addOption(new Option('--format <format>', 'text for people, json for programs').choices(['text', 'json']).default('text'))
    .option('--allow-private-network', "let an http(s) input be on a private or loopback address (its own host only), as a source's allowPrivateNetwork")
    .action(async (inputs: string[], o: import('./match-command').MatchFlags) => {
      const { matchCommand } = require('./match-command') as typeof import('./match-command');
      await matchCommand(inputs, o, env);
    });

  const configOptions = (c: Command): Command =>
    c.option('--watchlist <path>', 'watchlist file', env.watchlistPath).option('--feeds <path>', 'feeds file', env.feedsPath);

  configOptions(cli.command('run'))
    .description('run the worker: poll sources on their schedules, match, and alert, until stopped (SIGINT/SIGTERM/SIGHUP)')
    .option('--no-watch', 'do not watch the configuration files: reload only on `exilewatch reload`')
    .action(async (o: ConfigPaths & { watch: boolean }) => {
      const { createLogger, logDestination } = require('../util/logger') as typeof import('../util/logger');
      const { runWorker } = require('../worker/run') as typeof import('../worker/run');
      const { onShutdownSignals } = require('../worker/shutdown-signals') as typeof import('../worker/shutdown-signals');
      const log = createLogger(env.logLevel, logDestination(1, logOutput(env)));
      const shutdown = onShutdownSignals(log);
      const { runtime, redis } = await openRuntime(env, o, log, { embedded: 'start', probe: false, bannerSaysRoutes: true });
      await runWorker(runtime, redis, log, shutdown, { paths: { watchlist: o.watchlist, feeds: o.feeds }, watch: o.watch });
    });

  configOptions(cli.command('once'))
    .description('poll every source once through the queues, wait until done, print a summary')
    .option('--dry-run', 'poll, match and render, but send nothing and record nothing: print what would go where')
    .action(async (o: ConfigPaths & { dryRun?: boolean }) => {
      const { createLogger, logDestination } = require('../util/logger') as typeof import('../util/logger');
      const { formatSummary, progressLine, runOnce } = require('../worker/once') as typeof import('../worker/once');
      // The summary is the output; log lines go to standard error, warnings and worse only.
      const { onShutdownSignals } = require('../worker/shutdown-signals') as typeof import('../worker/shutdown-signals');
      const log = createLogger(quieter(env.logLevel), logDestination(2, logOutput(env)));
      // One line per source as it ends, for a person watching; nothing in a log file or a pipe.
      const progress = process.stderr.isTTY
        ? { source: (s: Parameters<typeof progressLine>[0], n: number, secs: number) => process.stderr.write(forTerminal(progressLine(s, n, secs)) + '\n') }
        : {};
      const shutdown = onShutdownSignals(log);
      const { runtime, redis } = await openRuntime(env, o, log, { embedded: 'start', probe: true });
      if (o.dryRun) {
        try {
          const { dryRun, formatDryRun } = require('./once-dry-run') as typeof import('./once-dry-run');
          // The stages' own poll and full-text fetch, with their address policy; no workers, no queue.
          const { source: sources, article: articles } = runtime.stageDeps();
          const snapshot = runtime.live.current();
          const run = dryRun({
            feeds: snapshot.feeds,
            compiled: snapshot.compiled,
            stores: runtime.stores,
            poll: (source, state) => sources.poll(source, state),
            completeArticle: (a) => articles.completeArticle?.(a) ?? Promise.resolve(a),
            now: () => Date.now(),
            ...(progress.source ? { onSource: progress.source } : {}),
          });
          const report = await Promise.race([run, shutdown.requested]);
          if (typeof report === 'string') {
            process.exitCode = 130;
            return;
          }
          process.stdout.write(forTerminal(formatDryRun(report)));
          if (report.sources.some((s) => s.outcome === 'failed')) process.exitCode = 2;
        } finally {
          await runtime.stop();
          await redis.embedded?.stop();
          shutdown.dispose();
        }
        return;
      }
      try {
        runtime.startWorkers();
        const summary = await Promise.race([runOnce(runtime, progress), shutdown.requested]);
        if (typeof summary === 'string') {
          // Interrupted: the jobs in hand finish, the rest wait in the queue for the next run.
          process.exitCode = 130;
          return;
        }
        process.stdout.write(forTerminal(formatSummary(summary)));
        if (summary.sources.some((s) => s.outcome === 'failed' || s.outcome === 'error')) process.exitCode = 2;
      } finally {
        await runtime.stop();
        await redis.embedded?.stop();
        shutdown.dispose();
      }
    });

  configOptions(cli.command('status'))
    .description('print queue counts and the health of every source')
    .option('--json', 'one JSON object, for programs (fields in the README)')
    .action(async (o: ConfigPaths & { json?: boolean }) => {
      const { statusJson, statusReport } = require('./status') as typeof import('./status');
      await withRuntime(env, o, 'read', async (runtime) => {
        const ids = runtime.config.feeds.sources.map((s) => s.id);
        const report = o.json ? statusJson : statusReport;
        process.stdout.write(forTerminal(await report(runtime.queues, runtime.stores, ids, Date.now(), runtime.live.current().version)));
      });
    });

  configOptions(cli.command('reload'))
    .description('ask every running worker to reload the watchlist and feeds files; checks the files here first')
    .action(async (o: ConfigPaths) => {
      const { requestReload } = require('./reload') as typeof import('./reload');
      // The files are loaded (and so validated) before anything is asked: a mistake here stops here.
      await withRuntime(env, o, 'never', async (runtime) => {
        const report = await requestReload(runtime, runtime.live.current().version);
        process.stdout.write(forTerminal(report.text));
        if (!report.ok) process.exitCode = 1;
      });
    });

  const alerts = cli.command('alerts').description('alert history and failed deliveries');
  configOptions(alerts.command('list'))
    .description('list recent alerts and where each was delivered (case codes, not names, unless the watchlist allows names in logs)')
    .option('--since <when>', 'only alerts since then: 24h, 7d, or a date')
    .option('--limit <n>', 'at most this many', '50')
    .option('--person <id>', "only this person's alerts (a watchlist person id)")
    .option('--route <id>', 'only alerts handed to this route')
    .addOption(new Option('--severity <level>', 'only alerts at or above this severity').choices(['low', 'medium', 'high', 'critical']))
    .addOption(
      new Option('--state <state>', 'only alerts with a delivery in this state (on --route, when given)').choices([
        'queued',
        'digest',
        'sent',
        'failed',
        'skipped',
      ]),
    )
    .option('--json', 'a JSON array, for programs (fields in the README)')
    .action(async (o: ConfigPaths & AlertsListFlags) => {
      const { checkFilter, listAlerts, parseSince } = require('./alerts') as typeof import('./alerts');
      const since = o.since === undefined ? undefined : parseSince(o.since, Date.now());
      if (o.since !== undefined && since === undefined) throw new UserError(`--since: "${o.since}" is not a duration (24h, 7d) or a date`);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit: "${o.limit}" is not a positive whole number`);
      const filter = {
        limit,
        ...(since !== undefined ? { since } : {}),
        ...(o.person !== undefined ? { person: o.person } : {}),
        ...(o.route !== undefined ? { route: o.route } : {}),
        ...(o.severity !== undefined ? { severity: o.severity } : {}),
        ...(o.state !== undefined ? { state: o.state } : {}),
      };
      await withRuntime(env, o, 'read', async (runtime) => {
        const { watchlist, disabledRoutes } = runtime.config.watchlist;
        checkFilter(filter, watchlist, disabledRoutes);
        const names = watchlist.settings.logNames;
        process.stdout.write(forTerminal(await listAlerts(runtime.stores, watchlist, { ...filter, names, json: o.json === true })));
      });
    });
  configOptions(alerts.command('retry-failed'))
    .description('put deliveries that exhausted their attempts back in the queue')
    .action(async (o: ConfigPaths) => {
      const { retryFailed } = require('./alerts') as typeof import('./alerts');
      await withRuntime(env, o, 'never', async (runtime) => {
        const n = await retryFailed(runtime.queues);
        console.log(`${n} failed deliver${n === 1 ? 'y' : 'ies'} queued again`);
      });
    });

  configOptions(cli.command('replay'))
    .description('match the articles of the last days again, and raise the alerts the watchlist now finds that were never raised')
    .requiredOption('--since <duration>', 'articles discovered within this long ago: 12h, 3d (at most EXILEWATCH_REPLAY_WINDOW)')
    .option('--dry-run', 'print what would alert; record, queue and send nothing')
    .option('--previous <path>', 'an earlier watchlist file: raise only alerts that involve what was added since')
    .addHelpText(
      'after',
      [
        '',
        'An article alerts at most once about each person: one that already alerted about',
        'someone raises nothing new about them, whatever fires now. Deliveries go to the',
        'queue, and a running worker sends them.',
      ].join('\n'),
    )
    .action(async (o: ConfigPaths & { since: string; dryRun?: boolean; previous?: string }) => {
      const { DURATION, parseDuration } = require('../config/duration') as typeof import('../config/duration');
      if (!DURATION.test(o.since)) throw new UserError(`--since: "${o.since}" is not a duration (12h, 3d)`);
      const since = Date.now() - parseDuration(o.since);
      const dryRun = o.dryRun === true;
      await withRuntime(env, o, dryRun ? 'read' : 'never', async (runtime) => {
        const { replayArticles } = require('../pipeline/replay-articles') as typeof import('../pipeline/replay-articles');
        const { formatReplay } = require('./replay') as typeof import('./replay');
        if (!runtime.stores.replay.enabled) throw new UserError('replay is off (EXILEWATCH_REPLAY_WINDOW=off): no article text is kept to match again');
        const kept = runtime.stores.replay.windowMs;
        const window = kept % 86_400_000 === 0 ? `${kept / 86_400_000}d` : `${Math.round(kept / 60_000)}m`;
        if (parseDuration(o.since) > kept) console.error(`exilewatch: text is kept for ${window} (EXILEWATCH_REPLAY_WINDOW): replaying that much`);
        const only = o.previous === undefined ? undefined : gainedSince(o.previous, runtime);
        const outcome = await replayArticles({ since, dryRun, ...(only ? { only } : {}) }, runtime.replayDeps());
        const names = runtime.config.watchlist.watchlist.settings.logNames;
        process.stdout.write(forTerminal(formatReplay(outcome, { since, dryRun, names })));
      });
    });

  cli
    .command('test-route')
    .description('send one test message ("no one is at risk") through a route, to check that it delivers')
    .argument('<route>', 'a route id of the watchlist')
    .option('--watchlist <path>', 'watchlist file', env.watchlistPath)
    .action(async (routeId: string, o: { watchlist: string }) => {
      const { loadWatchlist } = require('../config/load-watchlist') as typeof import('../config/load-watchlist');
      const { findRoute, testRoute } = require('./test-route') as typeof import('./test-route');
      const route = findRoute(loadWatchlist(o.watchlist, env.vars), routeId);
      const mailer = route.kind === 'email' && env.smtpUrl ? openMailer(env) : undefined;
      try {
        process.exitCode = await testRoute(
          route,
          { ...(mailer ? { mailer } : {}), now: () => Date.now() },
          {
            ok: (line) => console.log(forTerminal(line)),
            failed: (line) => console.error(`exilewatch: ${forTerminal(line)}`),
          },
        );
      } finally {
        mailer?.close();
      }
    });

  const digest = cli.command('digest').description('digest routes');
  configOptions(digest.command('send'))
    .description("send a digest route's waiting alerts now, instead of at its next scheduled time")
    .argument('<route>', 'a route id with mode: digest')
    .action(async (routeId: string, o: ConfigPaths) => {
      const { findRoute } = require('./test-route') as typeof import('./test-route');
      const { checkDigestRoute, digestSend } = require('./digest-send') as typeof import('./digest-send');
      await withRuntime(env, o, 'read', async (runtime) => {
        const route = findRoute(runtime.config.watchlist, routeId);
        checkDigestRoute(route);
        process.exitCode = await digestSend(
          route,
          { ...runtime.stageDeps().delivery, digests: runtime.stores.digests },
          { ok: (line) => console.log(forTerminal(line)), failed: (line) => console.error(`exilewatch: ${forTerminal(line)}`) },
        );
      });
    });

  cli
    .command('demo')
    .description(
      'run the whole pipeline on this machine: fixture feeds, a private Redis, a local mail server and webhook receiver; show each alert as it arrives',
    )
    .option('--out <dir>', 'where to save the alert emails (HTML) and webhook payloads (JSON)', join(env.dataDir, 'demo'))
    .action(async (o: { out: string }) => {
      const { createLogger, logDestination } = require('../util/logger') as typeof import('../util/logger');
      const { onShutdownSignals } = require('../worker/shutdown-signals') as typeof import('../worker/shutdown-signals');
      // The demo's own lines are the output; the worker says only what went wrong, on standard error.
      const log = createLogger(quieter(env.logLevel), logDestination(2, logOutput(env)));
      const shutdown = onShutdownSignals(log);
      try {
        const { runDemo } = loadDemo();
        process.exitCode = await runDemo({ env, out: o.out, log, shutdown, print: (line) => process.stdout.write(`${line}\n`) });
      } finally {
        shutdown.dispose();
      }
    });

  cli
    .command('preview')
    .description('write a sample alert or digest email as HTML, to check how it renders')
    .addArgument(new Argument('<kind>', 'alert or digest').choices(['alert', 'digest']))
    .option('--out <path>', 'the HTML file to write, or a directory to write alert.html or digest.html in', 'var/preview.html')
    .option('--redacted', 'as a route with redact: true renders it (case codes, no names, no evidence)')
    .action(async (kind: 'alert' | 'digest', o: { out: string; redacted?: boolean }) => {
      const { runPreview } = require('./preview') as typeof import('./preview');
      console.log(`wrote ${forTerminal(await runPreview(kind, o.out, o.redacted === true))}`);
    });

  addCommandHelp(cli);
  return cli;
}

/** What the watchlist gained since an earlier file, as the ids a replay restricts itself to. */
function gainedSince(previousPath: string, runtime: Runtime) {
  const { loadWatchlist } = require('../config/load-watchlist') as typeof import('../config/load-watchlist');
  const { gainedIds, watchlistGained } = require('../config/watchlist-gained') as typeof import('../config/watchlist-gained');
  const previous = loadWatchlist(previousPath, runtime.config.env.vars).watchlist;
  return gainedIds(watchlistGained(previous, runtime.config.watchlist.watchlist));
}

/** The mail client of SMTP_URL, for commands that send outside the worker. */
function openMailer(env: AppEnv): import('../alerts/channels/mailer').Mailer | undefined {
  if (!env.smtpUrl) return undefined;
  const { createMailer } = require('../alerts/channels/mailer') as typeof import('../alerts/channels/mailer');
  return createMailer({ smtpUrl: env.smtpUrl, from: env.mailFrom, ...(env.mailReplyTo ? { replyTo: env.mailReplyTo } : {}) });
}

/** The demo's module: its mail server and mail parser are development dependencies, absent from a production install. */
function loadDemo(): typeof import('../demo/run-demo') {
  try {
    return require('../demo/run-demo') as typeof import('../demo/run-demo');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /smtp-server|mailparser/.test((err as Error).message);
    if (!missing) throw err;
    throw new UserError('the demo needs the development dependencies (smtp-server, mailparser): run `npm ci` in a clone of exilewatch');
  }
}

/** Entry point through the command-line parser: user mistakes become one line on stderr and a non-zero exit code. */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (reportError(err)) return;
    throw err;
  }
}
