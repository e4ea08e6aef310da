// Starts its own Redis Cluster (six redis-server on free ports, scripts/local-cluster.ts): every store
// and a BullMQ queue work on it, each transaction within one slot, and the keys spread over the shards.
import { Queue, Worker } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { Cluster } from 'ioredis';
import type { Alert } from '../../../src/alerts/alert';
import type { Article } from '../../../src/articles/article';
import { deleteKeysWithPrefix, hashTagPrefix, primaries, queuePrefix, RedisConnections } from '../../../src/queue/redis';
import { createStores, keysFor, type Stores } from '../../../src/store';
import { startLocalCluster, type LocalCluster } from '../../../scripts/local-cluster';

jest.setTimeout(60_000);

let cluster: LocalCluster;
let conns: RedisConnections;
let stores: Stores;

beforeAll(async () => {
  cluster = await startLocalCluster();
  const nodes = cluster.nodesEnv.split(',').map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) }));
  conns = new RedisConnections({ url: 'redis://127.0.0.1', prefix: hashTagPrefix(`exilewatch-test-${randomBytes(4).toString('hex')}`), cluster: nodes });
  stores = createStores(conns.create(), keysFor(conns.config), { seenTtlSeconds: 600, articleTtlSeconds: 600 });
});

afterAll(async () => {
  await conns.closeAll();
  await cluster.stop();
});

const article = (id: string): Article => ({ id, sourceId: 'wire', url: `https://news.example/${id}`, title: `Story ${id}`, summary: '', content: 'Text.' });

const alert = (id: string): Alert => ({
  id,
  articleId: `article-${id}`,
  rule: 'pursued',
  severity: 'high',
  entries: ['ada-lenz', 'arrest'],
  personId: 'ada-lenz',
  signalIds: ['arrest'],
  contextIds: [],
  snippet: 'Police detained Ada Lenz.',
  evidence: [],
  routes: ['desk'],
});

/** How many of the deployment's keys each primary holds. */
async function keysPerPrimary(): Promise<number[]> {
  const name = conns.config.prefix.slice(1, -1);
  return Promise.all(
    (await primaries(conns.create() as Cluster)).map(async (node) => {
      const found = new Set<string>();
      for (const pattern of [`{${name}:*`, `${name}:*`, `{${name}}*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          keys.forEach((k) => found.add(k));
          cursor = next;
        } while (cursor !== '0');
      }
      return found.size;
    }),
  );
}

test('every store works on a cluster: claims, records, digests, health, workers, replay', async () => {
  const items = Array.from({ length: 30 }, (_, i) => ({ articleId: `id-${i}`, fingerprint: `fp-${i}` }));
  expect(await stores.seen.claimAll(items, 'poll-a')).toEqual(items.map(() => 'new'));
  expect(await stores.seen.claimAll(items.slice(0, 2), 'poll-b')).toEqual(['held', 'held']);
  await stores.articles.putAll(items.map((i) => article(i.articleId)));
  await stores.seen.markAllSeen(items);
  expect(await stores.seen.wasSeen('id-3', 'fp-3')).toBe(true);
  expect(await stores.seen.claim('id-new', 'fp-3', 'poll-c')).toBe('seen');
  expect((await stores.articles.get('id-7'))?.title).toBe('Story id-7');

  expect(await stores.alerts.create({ alert: alert('a1'), article: article('id-1'), createdAt: 1000 })).toBe(true);
  expect(await stores.alerts.create({ alert: alert('a1'), article: article('id-1'), createdAt: 1000 })).toBe(false);
  await stores.alerts.addAlsoReported('a1', { sourceId: 'other', url: 'https://other.example/1' }, 2000);
  await stores.alerts.initDelivery('a1', 'desk', { state: 'queued', at: 1000 });
  await stores.alerts.setDelivery('a1', 'desk', { state: 'sent', at: 3000 });
  const [listed] = await stores.alerts.list();
  expect(listed?.alsoReportedBy).toEqual([{ sourceId: 'other', url: 'https://other.example/1' }]);
  expect((await stores.alerts.deliveries('a1')).desk?.state).toBe('sent');

  await stores.digests.add('daily', 'a1', 1000);
  expect(await stores.digests.batch('daily', 5000)).toEqual(['a1']);
  await stores.digests.remove('daily', ['a1']);
  expect(await stores.digests.pending('daily', 5000)).toEqual([]);

  await stores.health.put({ ...(await stores.health.get('wire')), consecutiveFailures: 2 });
  expect((await stores.health.list()).map((h) => h.consecutiveFailures)).toEqual([2]);
  expect(await stores.suppression.claim('ada-lenz', ['arrest'], 'a1', 60)).toBeUndefined();
  expect(await stores.suppression.claim('ada-lenz', ['arrest'], 'a2', 60)).toBe('a1');
  expect(await stores.pacer.acquire('desk', 60_000)).toBe(0);
  expect(await stores.pacer.acquire('desk', 60_000)).toBeGreaterThan(0);

  const at = new Date().toISOString();
  await stores.workers.put({ id: 'w1', host: 'h', pid: 1, startedAt: at, version: 'v1', loadedAt: at });
  await stores.workers.put({ id: 'w2', host: 'h', pid: 2, startedAt: at, version: 'v1', loadedAt: at });
  expect((await stores.workers.list()).map((w) => w.id)).toEqual(['w1', 'w2']);

  await stores.replay.keep(article('id-1'), Date.now());
  expect((await stores.replay.list(0)).map((k) => k.id)).toEqual(['id-1']);
  expect((await stores.replay.get('id-1'))?.id).toBe('id-1');

  // Spread: no primary holds everything (on one slot, one primary would hold all and the others none).
  const perPrimary = await keysPerPrimary();
  expect(perPrimary.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  await deleteKeysWithPrefix(conns.create(), conns.config.prefix);
  expect((await keysPerPrimary()).reduce((a, b) => a + b, 0)).toBe(0);
});

test('each queue has a hash tag of its own, and jobs flow through a queue on the cluster', async () => {
  const prefixes = ['poll', 'article', 'deliver'].map((q) => queuePrefix(conns.config, q));
  expect(new Set(prefixes).size).toBe(3);
  const queue = new Queue('article', { connection: conns.create(), prefix: queuePrefix(conns.config, 'article') });
  const done: string[] = [];
  const worker = new Worker<{ n: number }>(
    'article',
    (job) => {
      done.push(String(job.data.n));
      return Promise.resolve();
    },
    { connection: conns.create(), prefix: queuePrefix(conns.config, 'article') },
  );
  await queue.addBulk(Array.from({ length: 10 }, (_, n) => ({ name: 'article', data: { n } })));
  const deadline = Date.now() + 20_000;
  while (done.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(done.sort()).toEqual(Array.from({ length: 10 }, (_, n) => String(n)).sort());
  await worker.close();
  await queue.close();
});
