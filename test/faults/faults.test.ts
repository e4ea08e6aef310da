// The fault suite (`npm run test:faults`): the real worker (`exilewatch run`) as child processes, a
// real redis-server with append-only persistence that the suite stops and starts, a local feed server,
// a local SMTP server and a local webhook receiver, all on 127.0.0.1. Workers are killed at named
// steps (EXILEWATCH_KILL_AT, worker/kill-point.ts), so every scenario hits its window on every run.
// Each scenario prints: expected (alert, route) pairs, deliveries, distinct keys, repeats, lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rss, startLocalServer, type LocalServer } from '../helpers/http-server';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../integration/alerts/servers';
import { answers, freePort } from '../helpers/ports';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'fault-suite-secret-0123456789';
const PEOPLE = ['Anna Kwok', 'Finn Lau', 'Kevin Yam', 'Joseph Tay'];
const ROUTES = ['desk', 'hook'];
const EXPECTED = PEOPLE.length * ROUTES.length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

jest.setTimeout(180_000);

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** A redis-server with append-only persistence in its own directory, stopped and started by the scenario. */
class TestRedis {
  private proc: ChildProcess | undefined;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 200; i++) {
      if (await answers(this.port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on ${this.port}`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }
}

interface Worker {
  proc: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface Fixture {
  redis: TestRedis;
  feed: LocalServer;
  smtp: SmtpReceiver;
  hook: HttpReceiver;
  env: Record<string, string>;
  workers: Worker[];
}

async function fixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-faults-'));
  const redis = new TestRedis(await freePort(), dir);
  await redis.start();
  const items = PEOPLE.map((name, i) => ({
    title: `Activist held: report ${i + 1}`,
    link: `http://127.0.0.1/story-${i + 1}`,
    description: `Police detained ${name} at the airport on Monday.`,
  }));
  const feed = await startLocalServer({ '/feed.xml': () => ({ body: rss(items) }) });
  const smtp = await startSmtpReceiver();
  const hook = await startHttpReceiver();
  const watchlist = join(dir, 'watchlist.yaml');
  writeFileSync(
    watchlist,
    [
      'version: 1',
      'people:',
      ...PEOPLE.map((name) => `  - { id: ${name.toLowerCase().replace(/ /g, '-')}, name: ${name} }`),
      'signals:',
      '  - { id: arrest, words: [detain, arrest] }',
      'rules:',
      '  - { id: pursued, when: { person: any, signal: any, within: sentence }, severity: high, routes: [desk, hook] }',
      'routes:',
      '  - { id: desk, kind: email, to: [desk@exilewatch.localhost] }',
      "  - { id: hook, kind: webhook, url: '${HOOK_URL}', secret: '${HOOK_SECRET}' }",
      '',
    ].join('\n'),
  );
  const feeds = join(dir, 'feeds.yaml');
  writeFileSync(feeds, `version: 1\nsources:\n  - { id: local, url: '${feed.url('/feed.xml')}', allowPrivateNetwork: true, fullText: false }\n`);
  const env = {
    PATH: process.env.PATH ?? '',
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    HOOK_URL: hook.url('/hook'),
    HOOK_SECRET: SECRET,
    EXILEWATCH_WATCHLIST: watchlist,
    EXILEWATCH_FEEDS: feeds,
    EXILEWATCH_DATA_DIR: dir,
    EXILEWATCH_JOB_LOCK_MS: '2000',
    // Each worker with its own health and metrics server, as in production: it must not get in the way.
    HTTP_PORT: '0',
    NO_COLOR: '1',
  };
  return { redis, feed, smtp, hook, env, workers: [] };
}

function startWorker(f: Fixture, extra: Record<string, string> = {}): Worker {
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), 'run'], {
    cwd: ROOT,
    env: { ...f.env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const w = { proc, output, exited };
  f.workers.push(w);
  return w;
}

/** Every delivery the receivers saw, as (alert, route, key); each alert is about another person. */
function deliveries(f: Fixture): Array<{ alert: string; route: string; key: string }> {
  const person = (text: string): string => PEOPLE.find((p) => text.includes(p)) ?? '?';
  const mails = f.smtp.messages.map((m) => ({ alert: person(`${m.subject ?? ''} ${m.text ?? ''}`), route: 'desk', key: m.messageId ?? '' }));
  const posts = f.hook.received
    // Only what the receiver accepted is delivered: a request answered 500 or 429 is an attempt.
    .filter((r) => r.headers['idempotency-key'] !== undefined && r.status >= 200 && r.status < 300)
    .map((r) => ({ alert: person(r.body), route: 'hook', key: String(r.headers['idempotency-key']) }));
  return [...mails, ...posts];
}

interface Figures {
  expected: number;
  delivered: number;
  keys: number;
  repeats: number;
  lost: number;
  /** (alert, route) pairs that arrived under more than one key. */
  underTwoKeys: number;
}

function figures(f: Fixture): Figures {
  const all = deliveries(f);
  const pairs = new Map<string, Set<string>>();
  for (const d of all) pairs.set(`${d.alert}/${d.route}`, (pairs.get(`${d.alert}/${d.route}`) ?? new Set()).add(d.key));
  const keys = new Set(all.map((d) => `${d.route}/${d.key}`)).size;
  return {
    expected: EXPECTED,
    delivered: all.length,
    keys,
    repeats: all.length - keys,
    lost: EXPECTED - pairs.size,
    underTwoKeys: [...pairs.values()].filter((k) => k.size > 1).length,
  };
}

async function finish(name: string, f: Fixture): Promise<Figures> {
  await until(() => figures(f).lost === 0, 60_000);
  // Room for a repeat to arrive after the last first delivery.
  await sleep(1500);
  const r = figures(f);
  console.log(`${name}: expected ${r.expected}, delivered ${r.delivered}, distinct keys ${r.keys}, repeats ${r.repeats}, lost ${r.lost}`);
  return r;
}

async function teardown(f: Fixture): Promise<void> {
  for (const w of f.workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await Promise.all(f.workers.map((w) => w.exited));
  await f.redis.stop();
  await Promise.all([f.feed.close(), f.smtp.close(), f.hook.close()]);
}

let f: Fixture;
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await teardown(f);
});

function expectClean(r: Figures): void {
  expect({ lost: r.lost, underTwoKeys: r.underTwoKeys }).toEqual({ lost: 0, underTwoKeys: 0 });
  // Each later request of one delivery, refused or repeated, says it is a later attempt.
  const attempts = new Map<string, number[]>();
  for (const req of f.hook.received) {
    const { delivery } = JSON.parse(req.body) as { delivery: { id: string; attempt: number } };
    attempts.set(delivery.id, [...(attempts.get(delivery.id) ?? []), delivery.attempt]);
  }
  const notRising = [...attempts.values()].filter((a) => a.some((n, i) => i > 0 && n <= a[i - 1]!));
  expect(notRising).toEqual([]);
}

describe.each([
  ['SIGKILL while polling (an article claimed, not yet queued)', 'poll:claimed:2'],
  ['SIGKILL while matching', 'article:matched:1'],
  ['SIGKILL while recording (an alert saved, its routes not yet queued)', 'dispatch:recorded:1'],
  ['SIGKILL while delivering (sent, not yet recorded)', 'deliver:sent:1'],
])('%s', (name, killAt) => {
  test('the restarted worker finishes the work: nothing lost, nothing under two keys', async () => {
    const doomed = startWorker(f, { EXILEWATCH_KILL_AT: killAt });
    const death = await Promise.race([doomed.exited, sleep(60_000).then(() => undefined)]);
    // The kill point was reached: the process died of SIGKILL, not of anything else.
    expect(death?.signal).toBe('SIGKILL');
    startWorker(f);
    expectClean(await finish(name, f));
  });
});

test('Redis stopped and restarted twice mid-run', async () => {
  const w = startWorker(f);
  const said = (msg: string): number =>
    w.output
      .join('')
      .split('\n')
      .filter((l) => l.includes(`"msg":"${msg}"`)).length;
  for (const [i, after] of [1, 3].entries()) {
    // The second outage starts once the worker has told of its return from the first.
    expect(await until(() => deliveries(f).length >= after && said('redis reachable again') === i, 60_000)).toBe(true);
    await f.redis.stop();
    await sleep(1500);
    await f.redis.start();
  }
  expectClean(await finish('Redis restarted twice', f));
  // The outage is told in JSON log lines, one when Redis goes and one when it is back: no stack dumps.
  const lines = f.workers[0]!.output.join('')
    .split('\n')
    .filter((l) => l.trim() !== '');
  expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
  const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(messages.filter((m) => m === 'redis unreachable; retrying')).toHaveLength(2);
  expect(messages.filter((m) => m === 'redis reachable again')).toHaveLength(2);
});

describe.each([
  ['two', 1],
  ['three', 2],
])('%s workers on one Redis, one killed mid-delivery while the others run', (count, others) => {
  test('the survivors finish the work: nothing lost, nothing under two keys', async () => {
    // The doomed worker freezes at the kill point (its locks unrenewed) while the others start
    // and take the rest of the work, then it dies; its stalled delivery goes to a survivor.
    const doomed = startWorker(f, { EXILEWATCH_KILL_AT: 'deliver:sent:1:3000' });
    expect(await until(() => doomed.output.join('').includes('"msg":"kill point reached"'), 60_000)).toBe(true);
    for (let i = 0; i < others; i++) startWorker(f);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expectClean(await finish(`${count} workers, one killed`, f));
  });
});

test('SMTP server and webhook receiver down for a period, then back', async () => {
  const smtpPort = f.smtp.port;
  const hookPort = Number(new URL(f.hook.url()).port);
  await Promise.all([f.smtp.close(), f.hook.close()]);
  const w = startWorker(f, { EXILEWATCH_DELIVERY_RETRY_MS: '500' });
  const retried = (): number =>
    w.output
      .join('')
      .split('\n')
      .filter((l) => l.includes('"msg":"job will be retried"') && l.includes('"queue":"deliver"')).length;
  // Every (alert, route) pair has failed at least once against the closed ports before they come back.
  expect(await until(() => retried() >= EXPECTED, 60_000)).toBe(true);
  expect(deliveries(f)).toHaveLength(0);
  f.smtp = await startSmtpReceiver({ port: smtpPort });
  f.hook = await startHttpReceiver(undefined, { port: hookPort });
  expectClean(await finish('SMTP and webhook down, then back', f));
});

test('webhook answering 500, then 429 with Retry-After, then 200', async () => {
  f.hook.answers = [{ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }, { status: 200 }];
  startWorker(f, { EXILEWATCH_DELIVERY_RETRY_MS: '500' });
  expectClean(await finish('webhook 500 then 429 then 200', f));
  // Each refused delivery came again as a later attempt (a 429's wait counts: it is not a repeat of 1).
  const attempt = (r: { body: string }) => (JSON.parse(r.body) as { delivery: { id: string; attempt: number } }).delivery;
  const refused = f.hook.received.filter((r) => r.status >= 400).map(attempt);
  expect(refused).toHaveLength(2);
  for (const first of refused) expect(f.hook.received.map(attempt).some((d) => d.id === first.id && d.attempt > first.attempt)).toBe(true);
});
