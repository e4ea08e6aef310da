import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppEnv } from '../config/env';
import { loadFeeds } from '../config/load-feeds';
import { loadWatchlist } from '../config/load-watchlist';
import { UserError } from '../cli/user-error';
import { freePort } from '../util/free-port';
import type { Logger } from '../util/logger';
import { startEmbeddedRedis } from '../worker/embedded-redis';
import { runOnce } from '../worker/once';
import { Runtime } from '../worker/runtime';
import type { Shutdown } from '../worker/shutdown-signals';
import { waitForJob } from '../worker/wait-for-job';
import { DEMO_DIGEST_INBOX, DIGEST_ROUTE, writeDemoConfig } from './demo-config';
import { demoFeeds, startFixtureServer } from './fixture-feeds';
import { emailLines, more, plural, step, watchlistLine, webhookLines } from './output';
import { SavedFiles } from './saved-files';
import { packageRoot } from './package-root';
import { startSmtpReceiver, startWebhookReceiver } from './receivers';
import { Halted, halting, Resources, type Halting } from './stopping';

// Well inside the minute the demo promises; a run on an idle machine takes a few seconds.
const DEMO_LIMIT_MS = 45_000;

export interface DemoOptions {
  env: AppEnv;
  /** Where the alert emails (HTML) and webhook payloads (JSON) are saved. */
  out: string;
  log: Logger;
  shutdown: Shutdown;
  print: (line: string) => void;
}

/** What was received, for the closing check. */
interface Tally {
  emails: number;
  webhooks: number;
  refused: number;
}

/**
 * The whole pipeline on this machine, nothing sent outside it: a private redis-server, fixture feeds,
 * the worker's own Runtime polling them through the queues, and a mail server and a webhook receiver
 * that show each alert as it arrives. Resolves with the exit code: 0 when every delivery arrived, 1
 * when one did not, 130 when interrupted. Whatever happens, everything it started is stopped.
 */
export async function runDemo(o: DemoOptions): Promise<number> {
  const started = Date.now();
  const root = packageRoot();
  const shipped = join(root, 'config', 'watchlist.yaml');
  if (!existsSync(shipped) || !existsSync(join(root, 'seeds', 'feeds'))) {
    throw new UserError(`the demo reads config/watchlist.yaml and seeds/ of a clone of exilewatch; they are not in ${root}`);
  }
  const halt = halting(o.shutdown.requested, DEMO_LIMIT_MS);
  const resources = new Resources();
  let outcome: number | 'interrupted' | 'late';
  try {
    outcome = await demo(o, root, shipped, resources, halt);
  } catch (err) {
    if (!(err instanceof Halted)) throw err;
    outcome = err.why;
  } finally {
    halt.dispose();
    await resources.stopAll();
  }
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (outcome === 'interrupted') {
    o.print(`interrupted: worker, servers and redis-server stopped (${took})`);
    return 130;
  }
  if (outcome === 'late') {
    o.print(`the demo did not finish within ${DEMO_LIMIT_MS / 1000} s (is the machine very busy?): worker, servers and redis-server stopped`);
    return 1;
  }
  o.print(`stopped: worker, servers and redis-server (${took} in all)`);
  return outcome;
}

async function demo(o: DemoOptions, root: string, shipped: string, resources: Resources, halting: Halting): Promise<number> {
  const { print } = o;
  const check = (): void => halting.check();
  const tally: Tally = { emails: 0, webhooks: 0, refused: 0 };
  print('exilewatch demo: the whole pipeline on this machine; nothing leaves it\n');

  const work = mkdtempSync(join(tmpdir(), 'exilewatch-demo-'));
  resources.add(() => Promise.resolve(rmSync(work, { recursive: true, force: true })));
  const saved = new SavedFiles(o.out);

  check();
  const redis = await startEmbeddedRedis(join(work, 'redis'), await freePort());
  resources.add(() => redis.stop());
  print(step('redis', `private redis-server on ${redis.url.replace('redis://', '')}, data in ${redis.dir}`));

  check();
  const feeds = demoFeeds(root, Date.now());
  const fixtures = await startFixtureServer(feeds);
  resources.add(() => fixtures.close());
  print(
    step(
      'feeds',
      `${plural(feeds.length, 'fixture feed')} from seeds/ on ${fixtures.url('/')}: ${feeds.map((f) => `${f.path.slice(1)} (${f.format})`).join(', ')}`,
    ),
  );

  check();
  const smtp = await startSmtpReceiver((mail, to) => {
    tally.emails++;
    const digest = to.includes(DEMO_DIGEST_INBOX);
    const file = saved.save(digest ? 'digest' : 'email', typeof mail.html === 'string' ? mail.html : (mail.textAsHtml ?? ''));
    for (const line of emailLines(mail.subject ?? '(no subject)', to, mail.text, file)) print(line);
  });
  resources.add(() => smtp.close());
  print(step('mail', `SMTP server on ${smtp.url.replace('smtp://', '')}`));

  // Shared by the route (through a ${VARIABLE}) and the receiver, which checks every signature with it.
  const secret = randomBytes(32).toString('hex');
  check();
  const webhook = await startWebhookReceiver(secret, (r) => {
    if (r.signatureProblem) tally.refused++;
    else tally.webhooks++;
    for (const line of webhookLines(r.payload, r.signatureProblem, saved.save('webhook', `${JSON.stringify(r.payload, null, 2)}\n`))) print(line);
  });
  resources.add(() => webhook.close());
  print(step('webhook', `receiver on ${webhook.url}, checking each request's signature`));

  const config = writeDemoConfig(
    work,
    shipped,
    feeds.map((f) => ({ ...f, url: fixtures.url(f.path) })),
    { url: webhook.url, secret },
  );
  const watchlist = loadWatchlist(config.watchlistFile, config.vars);
  const sources = loadFeeds(config.feedsFile, config.vars, watchlist.watchlist);
  const w = watchlist.watchlist;
  print(watchlistLine(w));

  check();
  const runtime = new Runtime({ env: demoEnv(o.env, smtp.url, config.vars), watchlist, feeds: sources, redisUrl: redis.url, log: o.log });
  resources.add(() => runtime.stop());
  runtime.startWorkers();
  print(`\npolling ${plural(feeds.length, 'source')} through the queues; each alert is shown as it is delivered:`);
  const summary = await halting.racing(
    runOnce(runtime, {
      source: (s, fresh) => {
        const how =
          s.outcome === 'ok' || s.outcome === 'not-modified'
            ? `${plural(s.items, 'item')}, ${fresh} new`
            : `failed: ${s.errorKind ?? s.outcome} ${s.error ?? ''}`;
        print(step('polled', `${s.id}: ${how}`));
      },
    }),
  );
  const d = summary.deliveries;
  print(
    `\n${plural(summary.articlesNew, 'new article')}, ${plural(summary.alerts, 'alert')}; ` +
      `deliveries: ${d.sent} sent, ${d.retrying} to retry, ${d.failed} failed`,
  );

  check();
  const route = w.routes.find((r) => r.id === DIGEST_ROUTE);
  const waiting = await runtime.stores.digests.pending(DIGEST_ROUTE, Date.now());
  if (route && waiting.length > 0) {
    print(`\n${DIGEST_ROUTE} holds ${plural(waiting.length, 'low alert')} for ${route.digest?.at ?? '08:00'} ${route.timeZone}; sending it now:`);
    const job = await runtime.queues.digest.add('digest', { routeId: DIGEST_ROUTE }, { jobId: `demo-digest-${Date.now()}` });
    const end = await halting.racing(waitForJob(runtime.queues.digest, job.id ?? '', 15_000));
    if (end.state !== 'completed') print(step('digest', `not sent: ${'reason' in end ? end.reason : end.state}`));
  }

  const ok = d.failed === 0 && d.retrying === 0 && tally.refused === 0 && tally.emails > 0 && tally.webhooks > 0;
  print(
    `\n${plural(tally.emails, 'email')} and ${plural(tally.webhooks, 'webhook request')} received; saved in ${saved.shownDir}/ (open the .html files in a browser)`,
  );
  if (!ok) print(more('some deliveries did not arrive: see the lines above'));
  return ok ? 0 : 1;
}

/** The worker's environment, pointed at the demo's servers: no other Redis, mail server or HTTP port. */
function demoEnv(env: AppEnv, smtpUrl: string, vars: Record<string, string>): AppEnv {
  const out: AppEnv = { ...env, sentinel: {}, prefix: 'exilewatch-demo', smtpUrl, http: { port: 'off', host: env.http.host }, vars };
  delete out.redisUrl;
  delete out.killAt;
  return out;
}
