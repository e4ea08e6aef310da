// `npm run bench:pipeline`: what the pipeline costs, on a private redis-server it starts on a free
// port (append-only, as the worker's embedded one) and removes afterwards:
//   1. Redis bytes per seen article (its de-duplication fields), from INFO memory;
//   2. articles per second through real worker processes (`exilewatch run`), one and then two, from
//      the first poll to the last delivery: F local feeds of K items, each item's page fetched for its
//      full text, one article in ten naming a watched person, alerts to a local webhook receiver;
//   3. discovery-to-delivery latency (p50, p99) at a fixed offered load well below saturation;
//   4. Redis bytes per article once the pipeline has drained (everything: seen fields, article texts,
//      retained jobs, alerts), and the worker's resident memory after the run.
// `--out FILE` merges the figures into FILE's JSON (default bench/results.json) under `pipeline` and
// `footprint`; `--quick` runs a smaller load.
//   5. the same throughput (one worker, then two) on a local Redis Cluster of three primaries and a
//      replica each (scripts/local-cluster.ts), beside the single Redis; `--no-cluster` skips it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Queue } from 'bullmq';
import { articleFingerprint } from '../src/articles/identity';
import { loadWatchlist } from '../src/config/load-watchlist';
import { compileWatchlist } from '../src/matching/compile';
import { matchArticle } from '../src/matching/match-article';
import { RedisConnections, deleteKeysWithPrefix, hashTagPrefix, queuePrefix, type RedisConfig } from '../src/queue/redis';
import { createStores } from '../src/store';
import { freePort } from '../src/util/free-port';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/worker/embedded-redis';
import { loadLabelled } from './eval-set';
import { startLocalCluster } from './local-cluster';

const root = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outFile = args.includes('--out') ? args[args.indexOf('--out') + 1]! : join(root, 'bench', 'results.json');
const FEEDS = quick ? 10 : 20;
const PER_FEED = 50;
const OFFERED_PER_SECOND = 100;
const LATENCY_SECONDS = quick ? 5 : 10;
const SECRET = 'bench-secret-0123456789';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded generator, so every run serves the same articles. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Story {
  title: string;
  text: string;
}

/**
 * News-like stories from the project's own seed articles: one in ten is a seed article as written
 * (most name a watched person), the rest are seed sentences that name no one, shuffled together.
 */
async function stories(count: number): Promise<Story[]> {
  const labelled = await loadLabelled(join(root, 'seeds'));
  const compiled = compileWatchlist(loadWatchlist(join(root, 'config', 'watchlist.yaml'), {}).watchlist);
  const plain = labelled
    .flatMap((l) => l.article.content.split(/(?<=[.!?])\s+/))
    .filter((s) => s.length > 40 && matchArticle({ id: 'x', title: '', summary: '', content: s }, compiled).matches.every((m) => m.kind !== 'person'));
  const random = prng(7);
  return Array.from({ length: count }, (_, i) => {
    if (i % 10 === 0) {
      const a = labelled[(i / 10) % labelled.length]!.article;
      return { title: `${a.title} (${i})`, text: a.content };
    }
    const text = Array.from({ length: 10 }, () => plain[Math.floor(random() * plain.length)]!).join(' ');
    return { title: `Regional roundup ${i}`, text };
  });
}

/**
 * Feeds of items whose pages carry the full text, each feed on a server (a port, so a host) of its
 * own: the worker fetches at most two pages at a time from one host. `/live.xml` grows at the
 * offered rate.
 */
async function newsServers(all: Story[]) {
  let liveStart = 0;
  let liveRate = 0;
  const item = (i: number, base: string) => {
    const s = all[i % all.length]!;
    return `<item><title>${esc(s.title)} #${i}</title><link>${base}/page/${i}</link><guid>${base}/page/${i}</guid><description>${esc(s.text.slice(0, 200))}</description></item>`;
  };
  const rss = (title: string, items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${items.join('')}</channel></rss>`;
  const servers = await Promise.all(
    Array.from({ length: FEEDS }, async (_, f) => {
      const server = http.createServer((req, res) => {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const url = req.url ?? '';
        if (url === '/feed.xml') {
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
            rss(
              `f${f}`,
              Array.from({ length: PER_FEED }, (_, k) => item(f * PER_FEED + k, base)),
            ),
          );
        } else if (url === '/live.xml') {
          // Item n of the live stream appears at liveStart + n / rate; feed f carries every FEEDS-th one.
          const published = liveRate > 0 ? Math.floor(((Date.now() - liveStart) / 1000) * liveRate) : 0;
          const mine: string[] = [];
          for (let n = published - 1; n >= 0 && mine.length < 20; n--) if (n % FEEDS === f) mine.push(item(1_000_000 + n, base));
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(`live ${f}`, mine));
        } else if (/^\/page\/\d+$/.test(url)) {
          const s = all[Number(url.slice(6)) % all.length]!;
          const paragraphs = s.text
            .split(/(?<=[.!?])\s+/)
            .map((p) => `<p>${esc(p)}</p>`)
            .join('');
          res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(`<html><head><title>${esc(s.title)}</title></head><body><article><h1>${esc(s.title)}</h1>${paragraphs}</article></body></html>`);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return server;
    }),
  );
  const base = (f: number) => `http://127.0.0.1:${(servers[f]!.address() as AddressInfo).port}`;
  return {
    feeds: (path: '/feed.xml' | '/live.xml') => servers.map((_, f) => `${base(f)}${path}`),
    goLive: (rate: number) => ((liveStart = Date.now()), (liveRate = rate)),
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r()))))),
  };
}

/** A webhook receiver that answers at once and counts. */
async function receiver() {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => (count++, res.writeHead(200).end()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => count,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Where the workers run: a single Redis, or a Redis Cluster (`nodes`, as REDIS_CLUSTER_NODES). */
interface Target {
  url: string;
  nodes?: string;
  /** used_memory, summed over a cluster's primaries. */
  memory(): Promise<number>;
}

function redisConfig(target: Target, prefix: string): RedisConfig {
  const cluster = target.nodes?.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) }));
  return { url: target.url, prefix, ...(cluster ? { cluster } : {}) };
}

async function usedMemory(redis: RedisConnections): Promise<number> {
  const info = await redis.create().info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function seenFootprint(redisUrl: string): Promise<number> {
  const conns = new RedisConnections({ url: redisUrl, prefix: hashTagPrefix(`bench-${randomBytes(4).toString('hex')}`) });
  const stores = createStores(conns.create(), conns.config.prefix);
  const n = quick ? 20_000 : 100_000;
  const before = await usedMemory(conns);
  // As polls mark them: a feed's worth at a time.
  for (let i = 0; i < n; i += 50) {
    await stores.seen.markAllSeen(
      Array.from({ length: 50 }, (_, j) => {
        const id = randomBytes(12).toString('hex');
        return { articleId: id, fingerprint: articleFingerprint({ id, title: `t${i + j}`, summary: `words of article ${i + j} `.repeat(4), content: '' }) };
      }),
    );
  }
  const perArticle = ((await usedMemory(conns)) - before) / n;
  await deleteKeysWithPrefix(conns.create(), conns.config.prefix);
  await conns.closeAll();
  return perArticle;
}

interface Deployment {
  prefix: string;
  workers: ChildProcess[];
  conns: RedisConnections;
  queues: Record<'poll' | 'article' | 'deliver', Queue>;
  stop(): Promise<void>;
}

/** `exilewatch run` in `n` processes on one prefix, polling the given feed paths. */
function deploy(n: number, target: Target, feedUrls: string[], hookUrl: string): Deployment {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-bench-'));
  const feedsFile = join(dir, 'feeds.yaml');
  // A day's interval: the schedulers' first polls come at start, later ones only as the bench asks.
  const sources = feedUrls.map((url, i) => `  - { id: feed-${i}, url: '${url}', allowPrivateNetwork: true, fullText: true, interval: 24h }`);
  writeFileSync(feedsFile, `version: 1\nsources:\n${sources.join('\n')}\n`);
  const workers: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    workers.push(
      spawn(process.execPath, [join(root, 'bin', 'exilewatch.js'), 'run', '--feeds', feedsFile], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          REDIS_URL: target.url,
          ...(target.nodes ? { REDIS_CLUSTER_NODES: target.nodes } : {}),
          EXILEWATCH_PREFIX: prefix,
          PARTNER_WEBHOOK_URL: hookUrl,
          PARTNER_WEBHOOK_SECRET: SECRET,
          LOG_LEVEL: 'error',
          HTTP_PORT: 'off',
        },
        stdio: 'ignore',
      }),
    );
  }
  const conns = new RedisConnections(redisConfig(target, hashTagPrefix(prefix)));
  const connection = conns.create();
  const queue = (name: string) => new Queue(name, { connection, prefix: queuePrefix(conns.config, name) });
  const queues = { poll: queue('poll'), article: queue('article'), deliver: queue('deliver') };
  return {
    prefix,
    workers,
    conns,
    queues,
    stop: async () => {
      await Promise.all(workers.map((w) => new Promise<void>((r) => (w.exitCode !== null ? r() : (w.once('exit', () => r()), w.kill('SIGTERM'))))));
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await deleteKeysWithPrefix(conns.create(), conns.config.prefix);
      await conns.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function drained(d: Deployment, articles: number, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const done = await d.queues.article.getJobCountByTypes('completed', 'failed');
    const busy = await d.queues.deliver.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');
    const polling = await d.queues.poll.getJobCountByTypes('waiting', 'active');
    if (done >= articles && busy === 0 && polling === 0) return true;
    await sleep(100);
  }
  return false;
}

function rssMb(pid: number | undefined): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return NaN;
  }
}

/** Articles per second from the first poll's start to the last article's or delivery's end. */
async function throughput(n: number, target: Target, news: Awaited<ReturnType<typeof newsServers>>, hookUrl: string) {
  const memoryBefore = await target.memory();
  const d = deploy(n, target, news.feeds('/feed.xml'), hookUrl);
  const total = FEEDS * PER_FEED;
  if (!(await drained(d, total, 300_000))) throw new Error(`${n} worker(s): the pipeline did not drain within 5 minutes`);
  const polls = await d.queues.poll.getCompleted(0, -1);
  const jobs = [...(await d.queues.article.getCompleted(0, -1)), ...(await d.queues.deliver.getCompleted(0, -1)), ...(await d.queues.deliver.getFailed(0, -1))];
  const start = Math.min(...polls.map((j) => j.processedOn ?? Infinity));
  const end = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
  const articlesPerSecond = total / ((end - start) / 1000);
  const bytesPerArticle = ((await target.memory()) - memoryBefore) / total;
  const rss = rssMb(d.workers[0]!.pid);
  await d.stop();
  return { articlesPerSecond, bytesPerArticle, rss, total };
}

/** Discovery-to-delivery times of the alerts delivered while items arrive at `rate` a second. */
async function latency(target: Target, news: Awaited<ReturnType<typeof newsServers>>, hookUrl: string) {
  const d = deploy(1, target, news.feeds('/live.xml'), hookUrl);
  await sleep(2000);
  news.goLive(OFFERED_PER_SECOND);
  const until = Date.now() + LATENCY_SECONDS * 1000;
  // Every feed polled every half second: polling adds up to that much before discovery, which the
  // figure does not count (it starts when a poll first sees the item).
  let round = 0;
  while (Date.now() < until) {
    round++;
    await d.queues.poll.addBulk(
      Array.from({ length: FEEDS }, (_, f) => ({ name: 'poll', data: { sourceId: `feed-${f}`, force: true }, opts: { jobId: `bench-${f}-${round}` } })),
    );
    await sleep(500);
  }
  await drained(d, 0, 60_000);
  const stores = createStores(d.conns.create(), d.conns.config.prefix);
  const times: number[] = [];
  for (const r of await stores.alerts.list({ limit: 10_000 })) {
    const sent = (await stores.alerts.deliveries(r.alert.id))['partner-webhook'];
    if (sent?.state === 'sent' && r.discoveredAt !== undefined) times.push(sent.at - r.discoveredAt);
  }
  await d.stop();
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return { p50: pct(50), p99: pct(99), samples: times.length };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'exilewatch-bench-redis-'));
  let redis: EmbeddedRedis | undefined;
  const progress = (what: string) => process.stderr.write(`bench:pipeline: ${what}\n`);
  progress('generating articles');
  const news = await newsServers(await stories(FEEDS * PER_FEED));
  const hook = await receiver();
  try {
    redis = await startEmbeddedRedis(dataDir, await freePort());
    progress('seen-article footprint');
    const seen = await seenFootprint(redis.url);
    console.log(`seen articles: ${Math.round(seen)} bytes of Redis each (id and fingerprint fields of time-bucketed hashes)`);
    const url = redis.url;
    const single: Target = {
      url,
      memory: async () => {
        const conns = new RedisConnections({ url, prefix: 'x' });
        const used = await usedMemory(conns);
        await conns.closeAll();
        return used;
      },
    };
    progress('one worker process');
    const one = await throughput(1, single, news, hook.url);
    console.log(`1 worker process:  ${one.total} articles from ${FEEDS} feeds with full-text pages, ${Math.round(one.articlesPerSecond)} articles/s`);
    progress('two worker processes');
    const two = await throughput(2, single, news, hook.url);
    console.log(`2 worker processes: ${Math.round(two.articlesPerSecond)} articles/s (${(two.articlesPerSecond / one.articlesPerSecond).toFixed(2)}x one)`);
    console.log(`after the 1-worker run: ${Math.round(one.bytesPerArticle)} bytes of Redis per article (everything), worker RSS ${one.rss} MB`);
    progress(`latency at ${OFFERED_PER_SECOND} articles/s offered`);
    const lat = await latency(single, news, hook.url);
    console.log(
      `discovery to delivery at ${OFFERED_PER_SECOND} articles/s offered for ${LATENCY_SECONDS} s: p50 ${lat.p50} ms, p99 ${lat.p99} ms (${lat.samples} deliveries)`,
    );
    let onCluster: { one: number; two: number } | undefined;
    if (!args.includes('--no-cluster')) {
      progress('a Redis Cluster of three primaries and three replicas: one worker process, then two');
      const cluster = await startLocalCluster();
      try {
        const target: Target = { url: 'redis://127.0.0.1', nodes: cluster.nodesEnv, memory: () => Promise.resolve(cluster.usedMemory()) };
        const c1 = await throughput(1, target, news, hook.url);
        const c2 = await throughput(2, target, news, hook.url);
        onCluster = { one: c1.articlesPerSecond, two: c2.articlesPerSecond };
        console.log(
          `on a Redis Cluster: 1 worker process ${Math.round(c1.articlesPerSecond)} articles/s (${(c1.articlesPerSecond / one.articlesPerSecond).toFixed(2)}x the single Redis), ` +
            `2 worker processes ${Math.round(c2.articlesPerSecond)} articles/s (${(c2.articlesPerSecond / two.articlesPerSecond).toFixed(2)}x)`,
        );
      } finally {
        await cluster.stop();
      }
    }

    const results = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, unknown>) : {};
    results.pipeline = {
      feeds: FEEDS,
      items_per_feed: PER_FEED,
      workers_1_articles_s: Math.round(one.articlesPerSecond),
      workers_2_articles_s: Math.round(two.articlesPerSecond),
      offered_articles_s: OFFERED_PER_SECOND,
      latency_p50_ms: lat.p50,
      latency_p99_ms: lat.p99,
      latency_samples: lat.samples,
      ...(onCluster
        ? {
            cluster_workers_1_articles_s: Math.round(onCluster.one),
            cluster_workers_2_articles_s: Math.round(onCluster.two),
            cluster_vs_single_1: Math.round((onCluster.one / one.articlesPerSecond) * 100) / 100,
          }
        : {}),
    };
    results.footprint = {
      redis_bytes_per_seen_article: Math.round(seen),
      redis_bytes_per_article_drained: Math.round(one.bytesPerArticle),
      articles_in_run: one.total,
      worker_rss_mb_after_run: one.rss,
    };
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
    console.log(`figures written to ${outFile}`);
  } finally {
    await news.close();
    await hook.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  // Nothing is left to wait for; a keep-alive socket of a stopped server must not hold the exit.
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:pipeline: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
