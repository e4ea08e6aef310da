// `exilewatch once` and `exilewatch status` as an operator runs them: real Redis (REDIS_URL from
// `npm test`), a real HTTP server on 127.0.0.1 serving a feed, the built command line.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { rss, startLocalServer, type LocalServer } from '../../helpers/http-server';
import { redisUrl } from '../../helpers/redis';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-once-'));
const prefix = `exilewatch-test-${randomBytes(6).toString('hex')}`;
let server: LocalServer;
let feeds: string;

beforeAll(async () => {
  server = await startLocalServer({
    // The publisher's server says UTF-8 but sends windows-1252 bytes (the "é" below).
    '/feed.xml': () => ({
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: Buffer.from(
        rss([
          {
            title: 'Opposition deputy held at airport',
            description: 'Malaysian officers detained Mu Sochua for nine hours on Saturday.',
            link: 'http://127.0.0.1/a1',
          },
          { title: 'Café rice exports rise', description: 'Exports of milled rice rose by a tenth, traders said on Monday.', link: 'http://127.0.0.1/a2' },
        ]),
        'latin1',
      ),
    }),
  });
  feeds = join(dir, 'feeds.yaml');
  writeFileSync(
    feeds,
    [
      'version: 1',
      'sources:',
      `  - { id: local, url: '${server.url('/feed.xml')}', allowPrivateNetwork: true, fullText: false }`,
      `  - { id: gone, url: '${server.url('/gone.xml')}', allowPrivateNetwork: true }`,
    ].join('\n'),
  );
});

afterAll(async () => {
  await server.close();
  const redis = new Redis(redisUrl());
  const keys = await redis.keys(`{${prefix}}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const env = () => ({ REDIS_URL: redisUrl(), EXILEWATCH_PREFIX: prefix, LOG_LEVEL: 'info' });

test('once prints a summary, names the failed source and its class, and exits 2', async () => {
  const r = await exilewatch(['once', '--feeds', feeds], { env: env() });
  expect(r.stdout).toMatch(
    /^sources: 1 ok, 1 failed\n {2}gone: http-status — HTTP 404 Not Found\narticles: 2 new, 0 seen before\nmatches: \d+\nalerts: 1\ndeliveries: 0 sent, 0 to retry, 1 failed\ntook [\d.]+ s\n$/,
  );
  expect(r.code).toBe(2);
  // The log (standard error) never carries a watched person's name or id.
  expect(r.stderr).not.toMatch(/sochua/i);
});

test('a second run finds nothing new', async () => {
  const r = await exilewatch(['once', '--feeds', feeds], { env: env() });
  expect(r.stdout).toMatch(/^articles: 0 new, 2 seen before$/m);
  expect(r.stdout).toMatch(/^alerts: 0$/m);
});

test('alerts list shows the alert and its delivery outcome, without names; retry-failed requeues it', async () => {
  const list = await exilewatch(['alerts', 'list', '--feeds', feeds], { env: env() });
  expect(list.code).toBe(0);
  // The time in the operator's zone with its offset, and a case code where the person's name would be.
  expect(list.stdout).toMatch(
    /^\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d {2}HIGH {5}person-pursued {2}case [A-Z0-9-]+: arrest-detention, malaysia\n {4}http:\/\/127\.0\.0\.1\/a1$/m,
  );
  expect(list.stdout).toMatch(/^ {4}ngo-desk: failed after 1 attempt, \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d \(email: SMTP_URL is not set\)$/m);
  expect(list.stdout).not.toMatch(/sochua/i);
  const bad = await exilewatch(['alerts', 'list', '--since', 'yesterday-ish', '--feeds', feeds], { env: env() });
  expect(bad).toMatchObject({ code: 1, stderr: 'exilewatch: --since: "yesterday-ish" is not a duration (24h, 7d) or a date\n' });
  const retry = await exilewatch(['alerts', 'retry-failed', '--feeds', feeds], { env: env() });
  expect(retry.stdout).toBe('1 failed delivery queued again\n');
});

test("status shows queue counts and each source's health", async () => {
  const r = await exilewatch(['status', '--feeds', feeds], { env: env() });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^queue\s+waiting\s+active\s+delayed\s+completed\s+failed$/m);
  expect(r.stdout).toMatch(/^poll\s+0\s+0\s+0\s+4\s+0$/m);
  expect(r.stdout).toMatch(/^gone\s+backing off\s+-\s+2\s+http-status: HTTP 404 Not Found \(\d+s ago\)\s+in \d+m$/m);
  expect(r.stdout).toMatch(/^local\s+ok\s+\d+s ago\s+0\s+-/m);
  expect(r.stdout).toMatch(/^charset:\n {2}local: declared utf-8 \(http\) but the bytes are not; read as windows-1252 \(default\)$/m);
});
