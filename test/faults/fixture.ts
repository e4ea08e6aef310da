// The fault suite's scenery: the real worker (`exilewatch run`) as child processes, a real
// redis-server with append-only persistence that a scenario stops and starts (or a Redis Cluster the
// scenario started), a local feed server, SMTP server and webhook receiver, all on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rss, startLocalServer, type LocalServer } from '../helpers/http-server';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../integration/alerts/servers';
import { answers, freePort } from '../helpers/ports';

const ROOT = join(__dirname, '..', '..');
export const SECRET = 'fault-suite-secret-0123456789';
export const PEOPLE = ['Anna Kwok', 'Finn Lau', 'Kevin Yam', 'Joseph Tay'];
export const ROUTES = ['desk', 'hook'];
export const EXPECTED = PEOPLE.length * ROUTES.length;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** A redis-server with append-only persistence in its own directory, stopped and started by the scenario. */
export class TestRedis {
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

export interface Worker {
  proc: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Fixture {
  /** The suite's own redis-server; absent when the scenario runs on a cluster it started itself. */
  redis?: TestRedis;
  feed: LocalServer;
  smtp: SmtpReceiver;
  hook: HttpReceiver;
  env: Record<string, string>;
  workers: Worker[];
}

/** `clusterNodes`: run on that Redis Cluster (REDIS_CLUSTER_NODES) instead of a redis-server of its own. */
export async function fixture(opts: { clusterNodes?: string } = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-faults-'));
  const redis = opts.clusterNodes ? undefined : new TestRedis(await freePort(), dir);
  await redis?.start();
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
    ...(redis ? { REDIS_URL: `redis://127.0.0.1:${redis.port}` } : { REDIS_CLUSTER_NODES: opts.clusterNodes! }),
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
  return { ...(redis ? { redis } : {}), feed, smtp, hook, env, workers: [] };
}

export function startWorker(f: Fixture, extra: Record<string, string> = {}): Worker {
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
export function deliveries(f: Fixture): Array<{ alert: string; route: string; key: string }> {
  const person = (text: string): string => PEOPLE.find((p) => text.includes(p)) ?? '?';
  const mails = f.smtp.messages.map((m) => ({ alert: person(`${m.subject ?? ''} ${m.text ?? ''}`), route: 'desk', key: m.messageId ?? '' }));
  const posts = f.hook.received
    // Only what the receiver accepted is delivered: a request answered 500 or 429 is an attempt.
    .filter((r) => r.headers['idempotency-key'] !== undefined && r.status >= 200 && r.status < 300)
    .map((r) => ({ alert: person(r.body), route: 'hook', key: String(r.headers['idempotency-key']) }));
  return [...mails, ...posts];
}

export interface Figures {
  expected: number;
  delivered: number;
  keys: number;
  repeats: number;
  lost: number;
  /** (alert, route) pairs that arrived under more than one key. */
  underTwoKeys: number;
}

export function figures(f: Fixture): Figures {
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

export async function finish(name: string, f: Fixture): Promise<Figures> {
  await until(() => figures(f).lost === 0, 60_000);
  // Room for a repeat to arrive after the last first delivery.
  await sleep(1500);
  const r = figures(f);
  console.log(`${name}: expected ${r.expected}, delivered ${r.delivered}, distinct keys ${r.keys}, repeats ${r.repeats}, lost ${r.lost}`);
  return r;
}

export async function teardown(f: Fixture): Promise<void> {
  for (const w of f.workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await Promise.all(f.workers.map((w) => w.exited));
  await f.redis?.stop();
  await Promise.all([f.feed.close(), f.smtp.close(), f.hook.close()]);
}

export function expectClean(f: Fixture, r: Figures): void {
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
