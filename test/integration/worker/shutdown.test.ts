// Real worker processes started as an operator starts them (`npm start`, `exilewatch run`), each with
// its embedded redis-server on a free port, signalled the way a terminal signals them: Ctrl-C and a
// closed terminal reach every process of the foreground group, so the test starts each in a group of
// its own and signals the whole group. A local HTTP server serves the feed and holds its answer
// until the test lets it go, so the signal always arrives while a poll is running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exilewatchAsync, ROOT } from '../../helpers/cli';
import { rss } from '../../helpers/http-server';
import { answers, freePort } from '../../helpers/ports';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-shutdown-'));
const quietFeeds = join(dir, 'quiet-feeds.yaml');
writeFileSync(quietFeeds, "version: 1\nsources:\n  - { id: local, url: 'http://127.0.0.1:9/feed.xml', allowPrivateNetwork: true }\n");

interface HeldFeed {
  url: string;
  /** Settles when the worker's request arrives. */
  requested: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

async function heldFeed(): Promise<HeldFeed> {
  let arrived: () => void = () => undefined;
  const requested = new Promise<void>((r) => (arrived = r));
  const waiting: http.ServerResponse[] = [];
  let released = false;
  const body = rss([{ title: 'Rice exports rise', description: 'Traders said so.', link: 'http://127.0.0.1/a' }]);
  const answer = (res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(body);
  };
  const server = http.createServer((_req, res) => {
    arrived();
    if (released) answer(res);
    else waiting.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feed.xml`,
    requested,
    release() {
      released = true;
      waiting.splice(0).forEach(answer);
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A redis-server still running on this port, whoever started it. */
function redisProcessOn(port: number): boolean {
  return spawnSync('pgrep', ['-f', `redis-server 127.0.0.1:${port}`]).status === 0;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Settles once output matching the pattern has appeared. */
  saw(pattern: RegExp): Promise<void>;
  /** Exit code, after every process holding its output has gone. */
  closed: Promise<number | null>;
  port: number;
  dataDir: string;
}

async function start(how: 'npm' | 'node', feedUrl: string): Promise<Started> {
  const port = await freePort();
  const dataDir = join(dir, `data-${randomBytes(4).toString('hex')}`);
  const feeds = join(dir, `feeds-${randomBytes(4).toString('hex')}.yaml`);
  writeFileSync(feeds, `version: 1\nsources:\n  - { id: local, url: '${feedUrl}', interval: 1h, allowPrivateNetwork: true, fullText: false }\n`);
  const [cmd, args] =
    how === 'npm' ? ['npm', ['start', '--', '--feeds', feeds]] : [process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), 'run', '--feeds', feeds]];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      LOG_LEVEL: 'info',
      HTTP_PORT: '0',
      EXILEWATCH_LOCAL_REDIS_PORT: String(port),
      EXILEWATCH_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  const watchers: Array<{ pattern: RegExp; done: () => void }> = [];
  const take = (d: Buffer): void => {
    text += d.toString('utf8');
    for (const w of watchers.filter((x) => x.pattern.test(text))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.done();
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return {
    child,
    output: () => text,
    saw: (pattern) => (pattern.test(text) ? Promise.resolve() : new Promise((done) => watchers.push({ pattern, done }))),
    closed,
    port,
    dataDir,
  };
}

const group = (w: Started, signal: NodeJS.Signals): void => {
  process.kill(-w.child.pid!, signal);
};

const messages = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

let feed: HeldFeed;
beforeEach(async () => (feed = await heldFeed()));
afterEach(() => feed.close());

test('Ctrl-C on `npm start` while a poll runs: the poll finishes, then the embedded Redis stops; exit 0, no stack trace', async () => {
  const w = await start('npm', feed.url);
  await feed.requested;
  group(w, 'SIGINT');
  await w.saw(/shutting down/);
  // Redis must still be there for the poll to record what it found.
  expect(await answers(w.port)).toBe(true);
  feed.release();
  expect(await w.closed).toBe(0);
  const said = messages(w.output());
  expect(said.indexOf('source polled')).toBeGreaterThan(said.indexOf('shutting down; press Ctrl-C again to stop at once'));
  expect(said.at(-1)).toBe('stopped');
  expect(w.output()).not.toMatch(/\n\s+at |ECONNREFUSED|took too long/);
  expect(await answers(w.port)).toBe(false);
  expect(redisProcessOn(w.port)).toBe(false);

  // With the worker stopped, status reads what the embedded Redis kept, says so, and stops it again.
  const status = await exilewatchAsync(['status', '--feeds', quietFeeds], {
    env: { EXILEWATCH_LOCAL_REDIS_PORT: String(w.port), EXILEWATCH_DATA_DIR: w.dataDir },
  });
  expect(status.stderr).toMatch(/^exilewatch: the worker is not running: read from the embedded Redis's data in .*\n$/);
  expect(status.code).toBe(0);
  expect(status.stdout).toMatch(/^local\s+ok\s/m);
  expect(await answers(w.port)).toBe(false);
}, 45000);

test('a closed terminal (SIGHUP to the group) shuts down in order too: exit 0, no redis-server left behind', async () => {
  const w = await start('node', feed.url);
  await feed.requested;
  group(w, 'SIGHUP');
  await w.saw(/shutting down/);
  feed.release();
  expect(await w.closed).toBe(0);
  const said = messages(w.output());
  expect(said).toContain('source polled');
  expect(said.at(-1)).toBe('stopped');
  expect(w.output()).not.toMatch(/\n\s+at /);
  expect(redisProcessOn(w.port)).toBe(false);
}, 45000);

test('a second Ctrl-C stops at once, with the poll still held, and still takes the embedded Redis down', async () => {
  const w = await start('node', feed.url);
  await feed.requested;
  group(w, 'SIGINT');
  await w.saw(/shutting down/);
  // Past the moment in which npm's forwarded copy of the first Ctrl-C is ignored.
  await new Promise((r) => setTimeout(r, 1500));
  group(w, 'SIGINT');
  expect(await w.closed).toBe(130);
  expect(messages(w.output())).not.toContain('source polled');
  expect(w.output()).toMatch(/stopping at once/);
  // Stopped by the exit hook as the worker ends; Redis itself takes a moment to write its file and go.
  const deadline = Date.now() + 10000;
  while (redisProcessOn(w.port) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(redisProcessOn(w.port)).toBe(false);
  feed.release();
}, 45000);

describe('commands that need Redis when none answers', () => {
  const oneLine = (stderr: string): void => expect(stderr.trimEnd().split('\n')).toHaveLength(1);

  test.each(['status', 'alerts list', 'alerts retry-failed'])('`%s` exits 1 with one line saying where it looked', async (command) => {
    const port = await freePort();
    const r = await exilewatchAsync([...command.split(' '), '--feeds', quietFeeds], {
      env: { EXILEWATCH_LOCAL_REDIS_PORT: String(port), EXILEWATCH_DATA_DIR: join(dir, 'never-ran') },
    });
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`no Redis answered at redis://127.0.0.1:${port}`);
    expect(r.stderr).toContain('npm start');
    expect(r.stdout).toBe('');
    expect(await answers(port)).toBe(false);
  });

  test('a REDIS_URL where something accepts the connection but never answers: exit 1, one line, password not shown', async () => {
    const mute = net.createServer(() => undefined);
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const { port } = mute.address() as net.AddressInfo;
    try {
      const r = await exilewatchAsync(['status', '--feeds', quietFeeds], { env: { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` } });
      expect(r.code).toBe(1);
      oneLine(r.stderr);
      expect(r.stderr).toContain(`no Redis answered at redis://127.0.0.1:${port} (no answer within 3 s)`);
      expect(r.stderr).not.toContain('hunter2');
    } finally {
      mute.close();
    }
  });
});
