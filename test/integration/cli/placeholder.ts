// The placeholder watchlist and feed of test/fixtures/cli/, served by a real HTTP server on 127.0.0.1,
// with a private key prefix on the test Redis: what the command-line tests share.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ROOT } from '../../helpers/cli';
import { startLocalServer, type LocalServer } from '../../helpers/http-server';
import { redisUrl } from '../../helpers/redis';

export const WATCHLIST = join(ROOT, 'test', 'fixtures', 'cli', 'watchlist.yaml');
const FEED = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'feed.xml'), 'utf8');

export interface Placeholder {
  server: LocalServer;
  dir: string;
  feeds: string;
  prefix: string;
  /** The config options every command takes. */
  args: string[];
  env(extra?: Record<string, string>): Record<string, string>;
  /** Keys under the prefix, for checking what a command left in Redis. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

export async function placeholder(): Promise<Placeholder> {
  const server = await startLocalServer({ '/feed.xml': () => ({ headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: FEED }) });
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-cli-'));
  const feeds = join(dir, 'feeds.yaml');
  writeFileSync(
    feeds,
    [
      'version: 1',
      'defaults: { firstPollMaxAge: 10000d }',
      'sources:',
      `  - { id: placeholder-gazette, name: Placeholder Gazette, url: '${server.url('/feed.xml')}', allowPrivateNetwork: true, fullText: false }`,
    ].join('\n'),
  );
  const prefix = `exilewatch-test-${randomBytes(6).toString('hex')}`;
  const redis = new Redis(redisUrl());
  const keys = () => redis.keys(`{${prefix}}*`);
  return {
    server,
    dir,
    feeds,
    prefix,
    args: ['--watchlist', WATCHLIST, '--feeds', feeds],
    env: (extra = {}) => ({ REDIS_URL: redisUrl(), EXILEWATCH_PREFIX: prefix, EXILEWATCH_DATA_DIR: join(dir, 'var'), ...extra }),
    keys,
    async close() {
      await server.close();
      const left = await keys();
      if (left.length > 0) await redis.del(...left);
      await redis.quit();
    },
  };
}
