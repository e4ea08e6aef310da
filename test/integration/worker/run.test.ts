// Real worker processes (`exilewatch run`, as `npm start` and docker-compose.yml start it) against real
// Redis servers and a local HTTP server serving a feed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ROOT } from '../../helpers/cli';
import { rss, startLocalServer, type LocalServer } from '../../helpers/http-server';
import { redisUrl } from '../../helpers/redis';
import { answers, freePort } from '../../helpers/ports';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-run-'));
let server: LocalServer;

beforeEach(async () => {
  server = await startLocalServer({
    '/feed.xml': () => ({ body: rss([{ title: 'Rice exports rise', description: 'Traders said so.', link: 'http://127.0.0.1/a' }]) }),
  });
});
afterEach(() => server.close());

function feedsFile(interval: string): string {
  const file = join(dir, `feeds-${randomBytes(4).toString('hex')}.yaml`);
  writeFileSync(
    file,
    `version: 1\nsources:\n  - { id: local, url: '${server.url('/feed.xml')}', interval: ${interval}, allowPrivateNetwork: true, fullText: false }\n`,
  );
  return file;
}

function startWorker(env: Record<string, string>, feeds: string): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), 'run', '--feeds', feeds], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('two worker processes sharing one Redis never poll the same slot twice', async () => {
  const env = { REDIS_URL: redisUrl(), EXILEWATCH_PREFIX: `exilewatch-test-${randomBytes(6).toString('hex')}` };
  const feeds = feedsFile('1s');
  const workers = [startWorker(env, feeds), startWorker(env, feeds)];
  // Start-up is slow on a loaded machine: wait for several slots rather than a fixed time.
  const polled = () => server.requests.filter((r) => r.path === '/feed.xml').length;
  const deadline = Date.now() + 25000;
  while (polled() < 6 && Date.now() < deadline) await sleep(200);
  workers.forEach((w) => w.kill('SIGTERM'));
  expect(await Promise.all(workers.map(stopped))).toEqual([0, 0]);

  const polls = server.requests.filter((r) => r.path === '/feed.xml');
  expect(polls.length).toBeGreaterThanOrEqual(3);
  // The first request is the start-up poll of a never-polled source; then one request per one-second
  // slot: a second worker polling the same slot would show as a near-zero gap.
  const slots = polls.slice(1);
  const gaps = slots.slice(1).map((p, i) => p.at - slots[i]!.at);
  expect(Math.min(...gaps)).toBeGreaterThan(500);

  const redis = new Redis(env.REDIS_URL);
  const completed = await redis.zcard(`{${env.EXILEWATCH_PREFIX}}:poll:completed`);
  const keys = await redis.keys(`{${env.EXILEWATCH_PREFIX}}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  expect(completed).toBe(polls.length);
}, 45000);

test('without REDIS_URL and with nothing on the port, the worker runs its own redis-server, polls a new source at once, and stops', async () => {
  const port = await freePort();
  const dataDir = join(dir, `data-${randomBytes(4).toString('hex')}`);
  // An hourly source: a request within seconds can only be the start-up poll of a never-polled source.
  const worker = startWorker({ EXILEWATCH_LOCAL_REDIS_PORT: String(port), EXILEWATCH_DATA_DIR: dataDir }, feedsFile('1h'));
  const deadline = Date.now() + 15000;
  while (server.requests.length === 0 && Date.now() < deadline) await sleep(100);
  expect(server.requests.length).toBeGreaterThan(0);
  expect(existsSync(join(dataDir, 'redis'))).toBe(true);
  worker.kill('SIGTERM');
  expect(await stopped(worker)).toBe(0);
  expect(await answers(port)).toBe(false);
}, 30000);

test('the worker starts with one banner line and one warning per route that cannot deliver, naming no one', async () => {
  const env = { REDIS_URL: redisUrl(), EXILEWATCH_PREFIX: `exilewatch-test-${randomBytes(6).toString('hex')}`, LOG_LEVEL: 'info' };
  const worker = startWorker(env, feedsFile('1h'));
  let out = '';
  worker.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const deadline = Date.now() + 20000;
  while (!out.includes('"worker started"') && Date.now() < deadline) await sleep(100);
  worker.kill('SIGTERM');
  expect(await stopped(worker)).toBe(0);

  // Standard output is a pipe here: one JSON object per line.
  const lines = out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const listening = lines.find((l) => l.msg === 'health and metrics server listening')!;
  const banner = lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('exilewatch '));
  expect(banner).toEqual([
    expect.objectContaining({
      level: 30,
      msg: 'exilewatch 0.1.0 starting',
      people: 8,
      signals: 14,
      sources: 1,
      routes: 'ngo-desk:email,daily-digest:email-digest',
      health: `http://127.0.0.1:${String(listening.port)}`,
    }),
  ]);
  const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
  expect(warnings).toEqual([
    'route ngo-desk (email) cannot deliver: SMTP_URL is not set',
    'route daily-digest (email) cannot deliver: SMTP_URL is not set',
    'route team-slack (slack) cannot deliver: disabled while SLACK_WEBHOOK_URL is not set',
    'route partner-webhook (webhook) cannot deliver: disabled while PARTNER_WEBHOOK_URL and PARTNER_WEBHOOK_SECRET are not set',
  ]);
  expect(out).not.toMatch(/Sochua|Rainsy|Sokha|mu-sochua/);
  const redis = new Redis(env.REDIS_URL);
  const keys = await redis.keys(`{${env.EXILEWATCH_PREFIX}}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}, 30000);
