// Delivery when things go wrong, on a real Redis (from `npm test`) and real HTTP receivers on
// 127.0.0.1: a worker that dies mid-delivery, a receiver that rate-limits, a receiver that is down.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { readEnv } from '../../../src/config/env';
import { feedsSchema } from '../../../src/config/feeds-schema';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { createLogger } from '../../../src/util/logger';
import { Runtime, type RuntimeConfig } from '../../../src/worker/runtime';
import { rss, startLocalServer, type LocalServer } from '../../helpers/http-server';
import { deleteKeysWithPrefix } from '../../../src/queue/redis';
import { Redis } from 'ioredis';
import { redisUrl } from '../../helpers/redis';

const SECRET = 'test-secret-0123456789';
const silent = createLogger('silent', pino.destination('/dev/null'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = join(__dirname, '..', '..', '..');

let feed: LocalServer;
const cleanup: Array<() => Promise<void>> = [];

beforeEach(async () => {
  feed = await startLocalServer({
    '/feed.xml': () => ({
      body: rss([{ title: 'Deputy held', description: 'Malaysian officers detained Mu Sochua at the airport.', link: 'http://127.0.0.1/story' }]),
    }),
  });
});

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await feed.close();
});

/** A runtime whose only enabled alert route is the webhook at `hookUrl`. */
function config(hookUrl: string, prefix: string, extra: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const watchlist = loadWatchlist(join(root, 'config', 'watchlist.yaml'), { PARTNER_WEBHOOK_URL: hookUrl, PARTNER_WEBHOOK_SECRET: SECRET });
  // The email routes stay, with no SMTP_URL: they fail at once and do not disturb the webhook.
  const feeds = feedsSchema.parse({ version: 1, sources: [{ id: 'local', url: feed.url('/feed.xml'), allowPrivateNetwork: true, fullText: false }] });
  return { env: { ...readEnv({}), prefix }, watchlist, feeds, redisUrl: redisUrl(), log: silent, ...extra };
}

function prefix(): string {
  const p = `exilewatch-test-${randomBytes(6).toString('hex')}`;
  cleanup.push(async () => {
    const redis = new Redis(redisUrl());
    await deleteKeysWithPrefix(redis, `{${p}}`);
    await redis.quit();
  });
  return p;
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await sleep(100);
}

async function pollOnce(r: Runtime): Promise<void> {
  await r.queues.poll.add('poll', { sourceId: 'local', force: true }, { jobId: `poll-local-test-${Date.now()}` });
}

/** `exilewatch run` in a process of its own, on prefix `p`, delivering to the webhook at `url`. */
function spawnWorker(url: string, p: string, lock: Record<string, string>): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-recovery-'));
  const feedsFile = join(dir, 'feeds.yaml');
  writeFileSync(feedsFile, `version: 1\nsources:\n  - { id: local, url: '${feed.url('/feed.xml')}', allowPrivateNetwork: true, fullText: false }\n`);
  return spawn(process.execPath, [join(root, 'bin', 'exilewatch.js'), 'run', '--feeds', feedsFile], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL: redisUrl(),
      EXILEWATCH_PREFIX: p,
      PARTNER_WEBHOOK_URL: url,
      PARTNER_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      HTTP_PORT: '0',
      ...lock,
    },
    stdio: 'ignore',
  });
}

async function killed(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** A webhook receiver that never answers while `hold()` is true; records each request's delivery. */
async function holdingReceiver(hold: () => boolean): Promise<{ url: string; requests: Array<{ key: string; attempt: number }> }> {
  const requests: Array<{ key: string; attempt: number }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { delivery?: { attempt?: number } };
      requests.push({ key: String(req.headers['idempotency-key']), attempt: body.delivery?.attempt ?? 0 });
      if (hold()) setTimeout(() => res.writeHead(200).end(), 3000).unref();
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests };
}

test('a worker process killed mid-delivery: another takes the job over, and the receiver sees one delivery id', async () => {
  let hold = true;
  // The first request is held open while its worker dies; later ones are answered at once.
  const requests: string[] = [];
  const slow = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(String(req.headers['idempotency-key']));
      if (hold) setTimeout(() => res.writeHead(200).end(), 3000).unref();
      else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => (slow.closeAllConnections(), slow.close(() => resolve()))));
  const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;

  const p = prefix();
  const lock = { EXILEWATCH_JOB_LOCK_MS: '1500' };
  const a = spawnWorker(url, p, lock);
  await waitFor(() => requests.length > 0, 20000);
  expect(requests).toHaveLength(1);
  await killed(a);
  hold = false;

  const b = new Runtime(config(url, p, { env: { ...readEnv(lock), prefix: p } }));
  cleanup.push(() => b.stop());
  b.startWorkers();
  await waitFor(async () => (await b.stores.alerts.list()).length > 0, 5000);
  const alertId = (await b.stores.alerts.list())[0]?.alert.id;
  await waitFor(async () => (await b.stores.alerts.deliveries(alertId!))['partner-webhook']?.state === 'sent', 20000);
  expect((await b.stores.alerts.deliveries(alertId!))['partner-webhook']).toMatchObject({ state: 'sent' });
  // At least once, never two different deliveries: every attempt carries the same Idempotency-Key.
  expect(requests.length).toBeGreaterThanOrEqual(2);
  expect(new Set(requests).size).toBe(1);
}, 60000);

test('a delivery whose worker dies twice is delivered by a third, and the alert list and the queue agree', async () => {
  let hold = true;
  const hook = await holdingReceiver(() => hold);
  const p = prefix();
  const lock = { EXILEWATCH_JOB_LOCK_MS: '1500' };
  // Each worker dies with the request in flight: the job stalls, twice.
  for (let stall = 1; stall <= 2; stall++) {
    const worker = spawnWorker(hook.url, p, lock);
    await waitFor(() => hook.requests.length >= stall, 20000);
    expect(hook.requests).toHaveLength(stall);
    await killed(worker);
  }
  hold = false;

  const c = new Runtime(config(hook.url, p, { env: { ...readEnv(lock), prefix: p } }));
  cleanup.push(() => c.stop());
  c.startWorkers();
  await waitFor(async () => (await c.stores.alerts.list()).length > 0, 5000);
  const alertId = (await c.stores.alerts.list())[0]!.alert.id;
  await waitFor(async () => (await c.stores.alerts.deliveries(alertId))['partner-webhook']?.state === 'sent', 20000);
  const delivery = (await c.stores.alerts.deliveries(alertId))['partner-webhook'];
  expect(delivery).toMatchObject({ state: 'sent' });
  // Two stalls are two crashes, not failures: nothing is failed for `status`, and the receiver saw one
  // delivery id whose attempt number rose with each try.
  // (The email routes, with no SMTP_URL, fail: only the webhook's job is in question.)
  const failed = await c.queues.deliver.getFailed();
  expect(failed.map((j) => (j.data as { routeId: string }).routeId)).not.toContain('partner-webhook');
  expect(new Set(hook.requests.map((r) => r.key)).size).toBe(1);
  const attempts = hook.requests.map((r) => r.attempt);
  expect(attempts.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < attempts.length; i++) expect(attempts[i]!).toBeGreaterThan(attempts[i - 1]!);
  expect(delivery!.attempts).toBe(attempts[attempts.length - 1]);
}, 90000);

test('a receiver that answers 429 with Retry-After is waited out without using up attempts', async () => {
  const hook = await startLocalServer();
  cleanup.push(() => hook.close());
  let calls = 0;
  hook.routes.set('/hook', () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
  const r = new Runtime(config(hook.url('/hook'), prefix(), { jobOptions: { deliver: { attempts: 1 } } }));
  cleanup.push(() => r.stop());
  r.startWorkers();
  await pollOnce(r);
  await waitFor(() => calls >= 2, 15000);
  const [record] = await r.stores.alerts.list();
  await waitFor(async () => (await r.stores.alerts.deliveries(record!.alert.id))['partner-webhook']?.state === 'sent', 5000);
  const [first, second] = hook.requests.filter((q) => q.path === '/hook');
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  // One attempt allowed, yet delivered: the wait the receiver asked for did not count as a failure.
  expect((await r.stores.alerts.deliveries(record!.alert.id))['partner-webhook']).toMatchObject({ state: 'sent' });
}, 30000);

test('a receiver that is down and comes back gets the alert once it is up', async () => {
  // Take a free port, leave nothing listening on it, then start the receiver there later.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const r = new Runtime(
    config(`http://127.0.0.1:${port}/hook`, prefix(), { jobOptions: { deliver: { attempts: 10, backoff: { type: 'fixed', delay: 300 } } } }),
  );
  cleanup.push(() => r.stop());
  r.startWorkers();
  await pollOnce(r);
  await waitFor(async () => (await r.stores.alerts.list()).length > 0, 10000);
  const [record] = await r.stores.alerts.list();
  await waitFor(async () => (await r.stores.alerts.deliveries(record!.alert.id))['partner-webhook']?.error !== undefined, 10000);
  expect((await r.stores.alerts.deliveries(record!.alert.id))['partner-webhook']).toMatchObject({ state: 'queued' });

  const received: string[] = [];
  const back = http.createServer((req, res) => {
    received.push(String(req.headers['idempotency-key']));
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => (back.closeAllConnections(), back.close(() => resolve()))));
  await waitFor(async () => (await r.stores.alerts.deliveries(record!.alert.id))['partner-webhook']?.state === 'sent', 10000);
  expect(received).toHaveLength(1);
  expect((await r.stores.alerts.deliveries(record!.alert.id))['partner-webhook']).toMatchObject({ state: 'sent' });
}, 30000);
