// Real Redis (started by `npm test`): the stores' atomic claims, bounds and lifetimes.
import { createStores, type Stores } from '../../../src/store';
import type { RedisConnections } from '../../../src/queue/redis';
import { Keys } from '../../../src/store/keys';
import { SeenStore } from '../../../src/store/seen-store';
import { dropPrefix, testConnections } from '../../helpers/redis';

let conns: RedisConnections;
let stores: Stores;

beforeEach(() => {
  conns = testConnections();
  stores = createStores(conns.create(), conns.config.prefix, { seenTtlSeconds: 60, articleTtlSeconds: 60 });
});

afterEach(async () => {
  await dropPrefix(conns);
  await conns.closeAll();
});

describe('SeenStore', () => {
  test('an article is claimed once, by id or by content', async () => {
    expect(await stores.seen.claim('id-1', 'fp-1', 'poll-a')).toBe('new');
    expect(await stores.seen.claim('id-1', 'fp-1', 'poll-b')).toBe('held');
    expect(await stores.seen.claim('id-2', 'fp-1', 'poll-b')).toBe('seen');
    expect(await stores.seen.claim('id-3', 'fp-3', 'poll-b')).toBe('new');
    await stores.seen.markSeen('id-1', 'fp-1');
    expect(await stores.seen.claim('id-1', 'fp-1', 'poll-a')).toBe('seen');
  });

  test('concurrent claims of the same article: exactly one wins', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores.seen.claim('same', 'same-fp', `poll-${i}`)));
    expect(results.filter((c) => c === 'new')).toHaveLength(1);
  });

  test("a killed poll's retry takes back its own claim at once; other polls wait for the lease", async () => {
    expect(await stores.seen.claim('id-retry', 'fp-retry', 'job-7')).toBe('new');
    expect(await stores.seen.claim('id-retry', 'fp-retry', 'job-8')).toBe('held');
    expect(await stores.seen.claim('id-retry', 'fp-retry', 'job-7')).toBe('new');
  });

  test('a claim never marked seen (its poll was killed) lapses, and the article can be taken again', async () => {
    expect(await stores.seen.claim('id-killed', 'fp-killed', 'job-1', 1)).toBe('new');
    expect(await stores.seen.claim('id-killed', 'fp-killed', 'job-2', 1)).toBe('held');
    await new Promise((r) => setTimeout(r, 1100));
    expect(await stores.seen.claim('id-killed', 'fp-killed', 'job-2', 1)).toBe('new');
    await stores.seen.markSeen('id-killed', 'fp-killed');
    expect(await stores.seen.claim('id-killed', 'fp-killed', 'job-3', 1)).toBe('seen');
    // Marked seen, the claim is gone: nothing of it waits for its lease.
    expect(await conns.create().exists(`${conns.config.prefix}:claim:id-killed`, `${conns.config.prefix}:claim-fp:fp-killed`)).toBe(0);
  });

  test('a whole feed is claimed in one step: new, seen, held and repeated content apart', async () => {
    await stores.seen.markAllSeen([{ articleId: 'old', fingerprint: 'fp-old' }]);
    expect(await stores.seen.claim('busy', 'fp-busy', 'poll-b')).toBe('new');
    const claims = await stores.seen.claimAll(
      [
        { articleId: 'old', fingerprint: 'fp-old' },
        { articleId: 'busy', fingerprint: 'fp-busy' },
        { articleId: 'fresh', fingerprint: 'fp-fresh' },
        { articleId: 'copy-of-old', fingerprint: 'fp-old' },
        { articleId: 'copy-of-fresh', fingerprint: 'fp-fresh' },
      ],
      'poll-a',
    );
    expect(claims).toEqual(['seen', 'held', 'new', 'seen', 'seen']);
  });

  test('seen articles are fields of a few hashes that expire whole, after the lifetime and less than a tenth more', async () => {
    const redis = conns.create();
    await stores.seen.markAllSeen(Array.from({ length: 50 }, (_, i) => ({ articleId: `id-${i}`, fingerprint: `fp-${i}` })));
    const buckets = await redis.keys(`${conns.config.prefix}:seen-set:*`);
    expect(buckets).toHaveLength(1);
    expect(await redis.hlen(buckets[0]!)).toBe(100);
    const ttl = await redis.ttl(buckets[0]!);
    expect(ttl).toBeGreaterThanOrEqual(60);
    expect(ttl).toBeLessThanOrEqual(66);
    // No id and no fingerprint in the clear: the fields are hashes.
    expect(JSON.stringify(await redis.hgetall(buckets[0]!))).not.toMatch(/id-|fp-/);
  });

  test('an article is still seen until its lifetime ends, then taken as new', async () => {
    // The store's clock moves on; Redis's does not, so the bucket is still there to be (not) read.
    const start = Date.now();
    let now = start;
    const seen = new SeenStore(conns.create(), new Keys(conns.config.prefix), 600, () => now);
    await seen.markSeen('a', 'fp-a');
    for (const later of [60, 300, 599]) {
      now = start + later * 1000;
      expect(await seen.claim('a', 'fp-a', 'poll')).toBe('seen');
    }
    // Past the lifetime and its last bucket, the bucket is no longer read (Redis expires it then too).
    now = start + 661 * 1000;
    expect(await seen.claim('a', 'fp-a', 'poll')).toBe('new');
  });

  test('articles marked seen by the earlier layout, a key each, are still seen', async () => {
    const redis = conns.create();
    await redis.set(`${conns.config.prefix}:seen:legacy`, '1', 'EX', 60);
    await redis.set(`${conns.config.prefix}:seen-fp:fp-legacy`, 'legacy', 'EX', 60);
    expect(await stores.seen.claim('legacy', 'fp-other', 'poll')).toBe('seen');
    expect(await stores.seen.claim('same-text-new-url', 'fp-legacy', 'poll')).toBe('seen');
  });
});

describe('AlertStore', () => {
  const record = (id: string, createdAt: number) => ({
    alert: { id, articleId: 'a', rule: 'r', severity: 'high' as const, entries: [], signalIds: [], contextIds: [], snippet: '', evidence: [], routes: [] },
    article: { id: 'a', sourceId: 's', url: 'https://news.example/a', title: 'T' },
    createdAt,
  });

  test('an alert is created once and listed newest first', async () => {
    expect(await stores.alerts.create(record('x', 1000))).toBe(true);
    expect(await stores.alerts.create(record('x', 2000))).toBe(false);
    await stores.alerts.create(record('y', 3000));
    expect((await stores.alerts.list()).map((r) => r.alert.id)).toEqual(['y', 'x']);
    expect((await stores.alerts.list({ since: 2000 })).map((r) => r.alert.id)).toEqual(['y']);
  });

  test('a create cut short after its history entry is finished by the retry, and listed once', async () => {
    // What a crash between the two writes leaves: the id in the history, no record yet.
    await conns.create().zadd(new Keys(conns.config.prefix).alertHistory(), 1000, 'cut');
    expect(await stores.alerts.list()).toEqual([]);
    expect(await stores.alerts.create(record('cut', 1500))).toBe(true);
    expect((await stores.alerts.list()).map((r) => [r.alert.id, r.createdAt])).toEqual([['cut', 1500]]);
    expect((await stores.alerts.list({ since: 900 })).map((r) => r.alert.id)).toEqual(['cut']);
  });

  test('two reports folded into one alert at the same moment are both kept, once each', async () => {
    await stores.alerts.create(record('fold', 1000));
    await Promise.all([
      stores.alerts.addAlsoReported('fold', { sourceId: 's1', url: 'https://one.example/a' }, 1100),
      stores.alerts.addAlsoReported('fold', { sourceId: 's2', url: 'https://two.example/b' }, 1100),
      stores.alerts.addAlsoReported('fold', { sourceId: 's1', url: 'https://one.example/a' }, 1200),
    ]);
    expect((await stores.alerts.get('fold'))!.alsoReportedBy).toEqual([
      { sourceId: 's1', url: 'https://one.example/a' },
      { sourceId: 's2', url: 'https://two.example/b' },
    ]);
  });

  test('delivery outcomes are kept per route', async () => {
    await stores.alerts.setDelivery('x', 'email', { state: 'queued', at: 1 });
    await stores.alerts.setDelivery('x', 'email', { state: 'sent', at: 2, attempts: 1 });
    await stores.alerts.setDelivery('x', 'slack', { state: 'failed', at: 3, error: 'HTTP 404' });
    expect(await stores.alerts.deliveries('x')).toEqual({
      email: { state: 'sent', at: 2, attempts: 1 },
      slack: { state: 'failed', at: 3, error: 'HTTP 404' },
    });
  });
});

describe('DigestStore', () => {
  test('a batch, once fixed, is what every retry sends, until it is removed', async () => {
    await stores.digests.add('d', 'a1', 100);
    expect(await stores.digests.batch('d', 1000)).toEqual(['a1']);
    // An alert arriving after a send that crashed: the retry still sends the first batch alone.
    await stores.digests.add('d', 'a2', 200);
    expect(await stores.digests.batch('d', 1000)).toEqual(['a1']);
    await stores.digests.remove('d', ['a1']);
    expect(await stores.digests.batch('d', 1000)).toEqual(['a2']);
  });

  test('nothing waiting fixes no batch', async () => {
    expect(await stores.digests.batch('empty', 1000)).toEqual([]);
    await stores.digests.add('empty', 'later', 100);
    expect(await stores.digests.batch('empty', 1000)).toEqual(['later']);
  });
});

describe('HealthStore', () => {
  test('keeps one record per source and lists them', async () => {
    await stores.health.put({ sourceId: 'b', consecutiveFailures: 2, lastErrorKind: 'timeout' });
    await stores.health.put({ sourceId: 'a', consecutiveFailures: 0 });
    expect((await stores.health.list()).map((h) => [h.sourceId, h.consecutiveFailures])).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
    expect(await stores.health.get('new')).toEqual({ sourceId: 'new', consecutiveFailures: 0 });
  });
});
