// `exilewatch replay` as an operator runs it: the built command line on a real Redis (REDIS_URL from
// `npm test`), after the worker's own article stage took an article in under an earlier watchlist.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Redis } from 'ioredis';
import { readEnv } from '../../../src/config/env';
import { loadFeeds } from '../../../src/config/load-feeds';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { processArticle } from '../../../src/pipeline/process-article';
import { deleteKeysWithPrefix } from '../../../src/queue/redis';
import { createLogger } from '../../../src/util/logger';
import { Runtime } from '../../../src/worker/runtime';
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { freePort } from '../../helpers/ports';
import { redisUrl } from '../../helpers/redis';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-replay-'));
const prefix = `exilewatch-test-${randomBytes(6).toString('hex')}`;
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
};

const common = [
  'version: 1',
  'routes:',
  '  - { id: desk, kind: email, to: [desk@ngo.example] }',
  'rules:',
  '  - { id: pursued, when: { person: any, signal: any, within: sentence }, severity: high, routes: [desk] }',
];
const before = file('before.yaml', [...common, 'people:', '  - { id: lin-dara, name: Lin Dara }', 'signals:', '  - { id: arrest, words: [arrest, detain] }']);
const after = file('after.yaml', [
  ...common,
  'people:',
  '  - { id: lin-dara, name: Lin Dara }',
  '  - { id: sok-vanna, name: Sok Vanna }',
  'signals:',
  '  - { id: arrest, words: [arrest, detain] }',
]);
const feeds = file('feeds.yaml', [
  'version: 1',
  'sources:',
  "  - { id: wire, url: 'http://127.0.0.1:9/feed.xml', allowPrivateNetwork: true, fullText: false }",
]);

const env = () => ({ REDIS_URL: redisUrl(), EXILEWATCH_PREFIX: prefix });
const paths = ['--watchlist', after, '--feeds', feeds];

beforeAll(async () => {
  // The article stage of a worker that ran the earlier watchlist: nobody in it was watched then.
  const appEnv = { ...readEnv({}), prefix };
  const watchlist = loadWatchlist(before, {});
  const runtime = new Runtime({
    env: appEnv,
    watchlist,
    feeds: loadFeeds(feeds, {}, watchlist.watchlist),
    redisUrl: redisUrl(),
    log: createLogger('silent', pino.destination('/dev/null')),
  });
  const article = {
    id: 'border',
    sourceId: 'wire',
    url: 'https://news.example/border',
    title: '',
    summary: '',
    content: 'Thai police detained Sok Vanna at the border on Monday.',
  };
  await runtime.stores.articles.put(article);
  await processArticle(article.id, runtime.stageDeps().article, Date.now() - 3_600_000);
  expect(await runtime.stores.alerts.list()).toEqual([]);
  await runtime.stop();
});

afterAll(async () => {
  const redis = new Redis(redisUrl());
  await deleteKeysWithPrefix(redis, `{${prefix}}`);
  await redis.quit();
});

const alertCount = async () => {
  const redis = new Redis(redisUrl());
  const n = await redis.zcard(`{${prefix}}:alerts`);
  await redis.quit();
  return n;
};

test('replay --since 3d --dry-run prints what would alert and records nothing', async () => {
  const r = await exilewatch(['replay', '--since', '3d', '--dry-run', ...paths], { env: env() });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^would raise HIGH {5}pursued {2}2 entries {2}https:\/\/news\.example\/border\narticles: 1 kept since \S+Z matched again\nalerts: 1 would be raised, 0 already alerted, 0 about nothing new\ndry run: nothing recorded, queued or sent\n$/,
  );
  expect(r.stdout).not.toMatch(/sok|vanna/i);
  expect(await alertCount()).toBe(0);
});

test('--previous with a watchlist that already had everything the current one has: nothing is new', async () => {
  const r = await exilewatch(['replay', '--since', '3d', '--dry-run', '--previous', after, ...paths], { env: env() });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^alerts: 0 would be raised, 0 already alerted, 1 about nothing new$/m);
});

test('replay --since 3d raises the alert and queues its delivery; run again, it raises nothing', async () => {
  const r = await exilewatch(['replay', '--since', '3d', '--previous', before, ...paths], { env: env() });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^raised {6}HIGH {5}pursued {2}2 entries {2}https:\/\/news\.example\/border\n {4}alert [0-9a-f]{32}\n/);
  expect(r.stdout).toMatch(
    /^alerts: 1 raised, 0 folded into earlier alerts, 0 already alerted, 0 about nothing new\ndeliveries: 1 queued \(a running worker sends them\)\n$/m,
  );
  expect(await alertCount()).toBe(1);
  const again = await exilewatch(['replay', '--since', '3d', ...paths], { env: env() });
  expect(again.stdout).toMatch(/^alerts: 0 raised, 0 folded into earlier alerts, 1 already alerted, 0 about nothing new$/m);
  expect(await alertCount()).toBe(1);
});

test('bad input and no Redis: one line on standard error, exit code 1', async () => {
  const bad = await exilewatch(['replay', '--since', 'lately', ...paths], { env: env() });
  expect(bad).toMatchObject({ code: 1, stdout: '', stderr: 'exilewatch: --since: "lately" is not a duration (12h, 3d)\n' });
  const port = await freePort();
  const down = await exilewatch(['replay', '--since', '3d', '--dry-run', ...paths], { env: { ...env(), REDIS_URL: `redis://127.0.0.1:${port}` } });
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/^exilewatch: no Redis answered at redis:\/\/127\.0\.0\.1:\d+ .*\n$/);
  const off = await exilewatch(['replay', '--since', '3d', ...paths], { env: { ...env(), EXILEWATCH_REPLAY_WINDOW: 'off' } });
  expect(off).toMatchObject({ code: 1, stderr: 'exilewatch: replay is off (EXILEWATCH_REPLAY_WINDOW=off): no article text is kept to match again\n' });
});

test('a --since longer than the window says so on standard error, and replays the window', async () => {
  const r = await exilewatch(['replay', '--since', '7d', '--dry-run', ...paths], { env: env() });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('exilewatch: text is kept for 3d (EXILEWATCH_REPLAY_WINDOW): replaying that much\n');
  expect(r.stdout).toMatch(/^articles: 1 kept since/m);
});

test('--help shows an example', async () => {
  const r = await exilewatch(['replay', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Examples:\n  $ npm run -s cli -- replay --since 3d --dry-run\n');
});
