// `npm run bench:pipeline`: what the pipeline costs on a real Redis (REDIS_URL, default
// redis://127.0.0.1:6379), under a key prefix of its own that it deletes afterwards.
//   1. bytes of Redis memory per seen article (both de-duplication keys), from INFO memory, and per
//      article kept for replay (its text and its index entry);
//   2. articles per second through `once` (HTTP, parse, queues, matching) on local fixture feeds,
//      as a ratio to the same articles parsed and matched in-process, measured in the same run.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { articleFromItem } from '../src/articles/from-item';
import { articleFingerprint } from '../src/articles/identity';
import { readEnv } from '../src/config/env';
import { feedsSchema } from '../src/config/feeds-schema';
import { loadWatchlist } from '../src/config/load-watchlist';
import { compileWatchlist } from '../src/matching/compile';
import { matchArticle } from '../src/matching/match-article';
import { RedisConnections, deleteKeysWithPrefix, hashTagPrefix } from '../src/queue/redis';
import { parseFeed } from '../src/sources/parse-feed';
import { createStores } from '../src/store';
import { createLogger } from '../src/util/logger';
import { runOnce } from '../src/worker/once';
import { Runtime } from '../src/worker/runtime';
import { loadLabelled } from './eval-set';

const root = join(__dirname, '..', '..');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function usedMemory(conns: RedisConnections): Promise<number> {
  const info = await conns.create().info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function dropPrefix(conns: RedisConnections): Promise<void> {
  await deleteKeysWithPrefix(conns.create(), conns.config.prefix);
}

async function seenFootprint(): Promise<void> {
  const conns = new RedisConnections({ url: redisUrl, prefix: hashTagPrefix(`bench-${randomBytes(4).toString('hex')}`) });
  const stores = createStores(conns.create(), conns.config.prefix);
  const n = 20_000;
  const before = await usedMemory(conns);
  for (let i = 0; i < n; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, j) => {
        const id = randomBytes(12).toString('hex');
        return stores.seen.markSeen(id, articleFingerprint({ id, title: `t${i + j}`, summary: `words of article ${i + j} `.repeat(4), content: '' }));
      }),
    );
  }
  const after = await usedMemory(conns);
  console.log(
    `seen articles: ${n}, Redis memory ${(after - before).toLocaleString('en')} bytes, ${Math.round((after - before) / n)} bytes per article (two keys with a TTL)`,
  );
  await dropPrefix(conns);
  await conns.closeAll();
}

async function replayFootprint(): Promise<void> {
  const conns = new RedisConnections({ url: redisUrl, prefix: hashTagPrefix(`bench-${randomBytes(4).toString('hex')}`) });
  const stores = createStores(conns.create(), conns.config.prefix);
  const labelled = await loadLabelled(join(root, 'seeds'));
  const n = 5_000;
  let chars = 0;
  const before = await usedMemory(conns);
  const now = Date.now();
  for (let i = 0; i < n; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, j) => {
        const a = labelled[(i + j) % labelled.length]!.article;
        const article = { ...a, id: randomBytes(16).toString('hex'), sourceId: 'bench', url: `https://news.example/${i + j}` };
        chars += JSON.stringify(article).length;
        return stores.replay.keep(article, now - j);
      }),
    );
  }
  const after = await usedMemory(conns);
  console.log(
    `replay text: ${n} seed articles (${Math.round(chars / n).toLocaleString('en')} characters of JSON on average), Redis memory ${(after - before).toLocaleString('en')} bytes, ${Math.round((after - before) / n).toLocaleString('en')} bytes per article (text with a TTL and an index entry)`,
  );
  await dropPrefix(conns);
  await conns.closeAll();
}

async function throughput(): Promise<void> {
  const labelled = await loadLabelled(join(root, 'seeds'));
  const feedsCount = 10;
  const perFeed = 50;
  const feedsXml: string[] = [];
  for (let f = 0; f < feedsCount; f++) {
    const items = Array.from({ length: perFeed }, (_, i) => {
      const a = labelled[(f * perFeed + i) % labelled.length]!.article;
      return `<item><title>${esc(a.title)} (${f}-${i})</title><link>http://127.0.0.1/${f}/${i}</link><description>${esc(a.content)}</description></item>`;
    });
    feedsXml.push(`<?xml version="1.0"?><rss version="2.0"><channel><title>f${f}</title>${items.join('')}</channel></rss>`);
  }
  const server = http.createServer((req, res) => {
    const f = Number(/\/feed-(\d+)\.xml/.exec(req.url ?? '')?.[1]);
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(feedsXml[f] ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  const watchlist = loadWatchlist(join(root, 'config', 'watchlist.yaml'), {});
  const total = feedsCount * perFeed;

  // Baseline: the same documents parsed and matched in this process, no HTTP, no Redis, no queues.
  const compiled = compileWatchlist(watchlist.watchlist);
  const t0 = performance.now();
  for (const xml of feedsXml) {
    const feed = await parseFeed(xml);
    for (const item of feed.items) matchArticle(articleFromItem(item, { id: 'bench' }), compiled);
  }
  const inProcess = total / ((performance.now() - t0) / 1000);

  const feeds = feedsSchema.parse({
    version: 1,
    sources: feedsXml.map((_, f) => ({ id: `feed-${f}`, url: `http://127.0.0.1:${port}/feed-${f}.xml`, allowPrivateNetwork: true, fullText: false })),
  });
  const env = { ...readEnv({}), prefix: `bench-${randomBytes(4).toString('hex')}` };
  const runtime = new Runtime({ env, watchlist, feeds, redisUrl, log: createLogger('silent', pino.destination('/dev/null')) });
  runtime.startWorkers();
  const summary = await runOnce(runtime);
  const once = summary.articlesNew / summary.seconds;
  console.log(`once: ${summary.articlesNew} new articles from ${feedsCount} local feeds in ${summary.seconds.toFixed(2)} s, ${Math.round(once)} articles/s`);
  console.log(`in-process parse + match of the same articles: ${Math.round(inProcess)} articles/s`);
  console.log(`once / in-process: ${(once / inProcess).toFixed(3)} (the cost of HTTP, Redis and the queues)`);
  await dropPrefix(runtime.conns);
  await runtime.stop();
  server.close();
}

async function main(): Promise<void> {
  await seenFootprint();
  await replayFootprint();
  await throughput();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
