// Real Redis (started by `npm test`), real BullMQ workers, real HTTP servers on 127.0.0.1 serving feeds:
// the poll and article stages end to end, as `exilewatch once` runs them.
import { join } from 'node:path';
import { readEnv } from '../../../src/config/env';
import { feedsSchema, type FeedsConfig } from '../../../src/config/feeds-schema';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { articleId } from '../../../src/articles/identity';
import { Keys } from '../../../src/store/keys';
import { createLogger } from '../../../src/util/logger';
import { runOnce } from '../../../src/worker/once';
import { Runtime } from '../../../src/worker/runtime';
import { startLocalServer, rss, type LocalServer } from '../../helpers/http-server';
import { dropPrefix, redisUrl } from '../../helpers/redis';
import { randomBytes } from 'node:crypto';
import pino from 'pino';

const watchlist = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), {});
const silent = createLogger('silent', pino.destination('/dev/null'));

const detained = {
  title: 'Opposition figure held at Kuala Lumpur airport',
  description: 'Malaysian immigration officers detained Mu Sochua for most of Thursday after her flight landed, her party said.',
};
const unrelated = { title: 'Rice exports rise', description: 'Exports of milled rice rose by a tenth in the first half of the year, traders said.' };

let server: LocalServer;
let runtimes: Runtime[] = [];

beforeEach(async () => {
  server = await startLocalServer();
});

afterEach(async () => {
  for (const r of runtimes) {
    await dropPrefix(r.conns);
    await r.stop();
  }
  runtimes = [];
  await server.close();
});

function runtime(sources: Array<Record<string, unknown>>, defaults: Record<string, unknown> = {}): Runtime {
  const feeds: FeedsConfig = feedsSchema.parse({
    version: 1,
    defaults: { interval: '1m', ...defaults },
    sources: sources.map((s) => ({ allowPrivateNetwork: true, fullText: false, ...s })),
  });
  const env = { ...readEnv({}), prefix: `exilewatch-test-${randomBytes(6).toString('hex')}` };
  const r = new Runtime({ env, watchlist, feeds, redisUrl: redisUrl(), log: silent });
  r.startWorkers();
  runtimes.push(r);
  return r;
}

describe('once', () => {
  test('polls, matches and raises an alert for a watched person in a local feed', async () => {
    server.routes.set('/feed.xml', () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: rss([
        { ...detained, link: server.url('/a1') },
        { ...unrelated, link: server.url('/a2') },
      ]),
    }));
    const r = runtime([{ id: 'local', url: server.url('/feed.xml') }]);
    const summary = await runOnce(r);
    expect(summary.sources).toEqual([{ id: 'local', outcome: 'ok', items: 2 }]);
    expect(summary).toMatchObject({ articlesNew: 2, articlesSeen: 0, alerts: 1 });
    const [alert] = await r.stores.alerts.list();
    expect(alert!.alert).toMatchObject({ rule: 'person-pursued', severity: 'high', personId: 'mu-sochua' });
    expect(alert!.article.url).toBe(server.url('/a1'));
    // No SMTP_URL in this test: the email delivery is recorded as failed for good, with the reason.
    expect(await r.stores.alerts.deliveries(alert!.alert.id)).toEqual({
      'ngo-desk': expect.objectContaining({ state: 'failed', error: 'email: SMTP_URL is not set' }) as unknown,
    });
  });

  test('the same article in two feeds, once by URL and once with tracking parameters, is alerted once', async () => {
    const item = { ...detained, link: server.url('/story') };
    server.routes.set('/one.xml', () => ({ body: rss([item]) }));
    server.routes.set('/two.xml', () => ({ body: rss([{ ...item, link: `${item.link}?utm_source=twitter&utm_medium=social#top` }]) }));
    const r = runtime([
      { id: 'one', url: server.url('/one.xml') },
      { id: 'two', url: server.url('/two.xml') },
    ]);
    const summary = await runOnce(r);
    expect(summary).toMatchObject({ articlesNew: 1, articlesSeen: 1, alerts: 1 });
    expect(await r.stores.alerts.list()).toHaveLength(1);
  });

  test('a second poll sends the validators and is answered 304', async () => {
    server.routes.set('/feed.xml', (req) =>
      req.headers['if-none-match'] === '"v1"'
        ? { status: 304, headers: { etag: '"v1"' } }
        : { headers: { etag: '"v1"' }, body: rss([{ ...unrelated, link: server.url('/a') }]) },
    );
    const r = runtime([{ id: 'local', url: server.url('/feed.xml') }]);
    expect((await runOnce(r)).sources[0]).toMatchObject({ outcome: 'ok' });
    expect((await runOnce(r)).sources[0]).toMatchObject({ outcome: 'not-modified' });
    expect(server.requests.map((q) => q.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^exilewatch\//);
  });

  test('while another poll holds an item unqueued, the validators are not kept, so the next poll reads the feed in full', async () => {
    server.routes.set('/feed.xml', (req) =>
      req.headers['if-none-match'] === '"v1"'
        ? { status: 304, headers: { etag: '"v1"' } }
        : { headers: { etag: '"v1"' }, body: rss([{ ...detained, link: server.url('/held') }]) },
    );
    const r = runtime([{ id: 'local', url: server.url('/feed.xml') }]);
    // Another worker's poll claimed the item and has not queued it (it may be about to die).
    const held = articleId({ sourceId: 'local', url: server.url('/held'), title: '', text: '' }).id;
    expect(await r.stores.seen.claim(held, 'fingerprint-of-the-other-poll', 'another-poll-job')).toBe('new');
    expect(await runOnce(r)).toMatchObject({ articlesNew: 0, articlesSeen: 1 });
    expect((await r.stores.health.get('local')).etag).toBeUndefined();
    await r.redis.del(new Keys(r.conns.config.prefix).seenClaim(held));
    expect(await runOnce(r)).toMatchObject({ articlesNew: 1, alerts: 1 });
    expect(server.requests.map((q) => q.headers['if-none-match'])).toEqual([undefined, undefined]);
  });

  test('a failing source backs off, is reported, and recovers while the others go on', async () => {
    let broken = true;
    server.routes.set('/flaky.xml', () => (broken ? { status: 500, body: 'oops' } : { body: rss([{ ...unrelated, link: server.url('/b') }]) }));
    server.routes.set('/good.xml', () => ({ body: rss([{ ...detained, link: server.url('/g') }]) }));
    server.routes.set('/html', () => ({ headers: { 'content-type': 'text/html' }, body: '<html><body><p>No feed here.</p></body></html>' }));
    const r = runtime(
      [
        { id: 'flaky', url: server.url('/flaky.xml') },
        { id: 'good', url: server.url('/good.xml') },
        { id: 'not-a-feed', url: server.url('/html') },
        { id: 'private', url: server.url('/good.xml'), allowPrivateNetwork: false },
      ],
      { healthAlertAfter: 2, healthRoute: 'ngo-desk' },
    );
    const first = await runOnce(r);
    expect(Object.fromEntries(first.sources.map((s) => [s.id, s.errorKind ?? s.outcome]))).toEqual({
      flaky: 'http-status',
      good: 'ok',
      'not-a-feed': 'not-a-feed',
      private: 'blocked-address',
    });
    expect(first.alerts).toBe(1);

    await runOnce(r);
    const failing = await r.stores.health.get('flaky');
    expect(failing).toMatchObject({ consecutiveFailures: 2, lastErrorKind: 'http-status', alertedReason: 'failing' });
    expect(failing.nextCheckAt).toBeGreaterThan(Date.now());
    const health = (await r.stores.alerts.list()).filter((a) => a.alert.rule === 'source-failing');
    expect(health.map((a) => a.alert.entries[0]).sort()).toEqual(['flaky', 'not-a-feed', 'private']);

    broken = false;
    const third = await runOnce(r);
    expect(third.sources.find((s) => s.id === 'flaky')).toMatchObject({ outcome: 'ok' });
    expect(await r.stores.health.get('flaky')).toMatchObject({ consecutiveFailures: 0 });
  });

  test("a new source's old items are marked seen without alerting", async () => {
    const old = new Date(Date.now() - 30 * 86_400_000).toUTCString();
    const fresh = new Date(Date.now() - 3_600_000).toUTCString();
    server.routes.set('/feed.xml', () => ({
      body: rss([
        { ...detained, link: server.url('/old'), pubDate: old },
        { title: 'Kem Sokha detained again', description: 'Police detained Kem Sokha at his home.', link: server.url('/new'), pubDate: fresh },
      ]),
    }));
    const r = runtime([{ id: 'local', url: server.url('/feed.xml') }]);
    const summary = await runOnce(r);
    expect(summary).toMatchObject({ articlesNew: 1, backCatalogue: 1, alerts: 1 });
    expect((await r.stores.alerts.list())[0]!.alert.personId).toBe('kem-sokha');
  });
});
