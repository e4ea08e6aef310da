// Replay on a real Redis (from `npm test`) with the worker's own stores and BullMQ queues: articles
// matched by the article stage under one watchlist, matched again under a watchlist that gained
// entries. Nothing is sent: deliveries are jobs in the real deliver queue, counted there.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Redis } from 'ioredis';
import type { Article } from '../../../src/articles/article';
import { readEnv } from '../../../src/config/env';
import { feedsSchema } from '../../../src/config/feeds-schema';
import { processArticle } from '../../../src/pipeline/process-article';
import { replayArticles } from '../../../src/pipeline/replay-articles';
import { deleteKeysWithPrefix } from '../../../src/queue/redis';
import { Keys } from '../../../src/store/keys';
import { createLogger } from '../../../src/util/logger';
import { waitForJob } from '../../../src/worker/wait-for-job';
import { Runtime } from '../../../src/worker/runtime';
import { redisUrl } from '../../helpers/redis';
import { watchlist } from '../../helpers/watchlist';

const silent = createLogger('silent', pino.destination('/dev/null'));
const HOUR = 3_600_000;

const desk = { id: 'desk', kind: 'email', to: ['desk@ngo.example'], minSeverity: 'low' };
const rules = [
  { id: 'pursued', when: { person: 'any', signal: 'any', within: 'sentence' }, severity: 'high', routes: ['desk'] },
  { id: 'mentioned', when: { person: 'any' }, severity: 'low', routes: ['desk'] },
];
const lin = { id: 'lin-dara', name: 'Lin Dara' };
const sok = { id: 'sok-vanna', name: 'Sok Vanna' };
const arrest = { id: 'arrest', words: ['arrest', 'detain'] };
const deport = { id: 'deported', words: ['deport'] };

const before = watchlist({ rules, routes: [desk], people: [lin], signals: [arrest] });
const after = watchlist({ rules, routes: [desk], people: [lin, sok], signals: [arrest, deport] });

let prefix: string;
const runtimes: Runtime[] = [];

beforeEach(() => {
  prefix = `exilewatch-test-${randomBytes(6).toString('hex')}`;
});

afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  const redis = new Redis(redisUrl());
  await deleteKeysWithPrefix(redis, `{${prefix}}`);
  await redis.quit();
});

function runtime(list: typeof before, configVersion: string): Runtime {
  const feeds = feedsSchema.parse({ version: 1, sources: [{ id: 'wire', url: 'http://127.0.0.1:9/feed.xml', allowPrivateNetwork: true, fullText: false }] });
  const r = new Runtime({
    env: { ...readEnv({}), prefix },
    watchlist: { watchlist: list, disabledRoutes: [], disabled: [], issues: [] },
    feeds,
    redisUrl: redisUrl(),
    log: silent,
    configVersion,
    // A worker on the wrong configuration hands the job back quickly here.
    jobOptions: { replay: { backoff: { type: 'fixed', delay: 300 } } },
  });
  runtimes.push(r);
  return r;
}

const story = (id: string, content: string, url = `https://news.example/${id}`): Article => ({ id, sourceId: 'wire', url, title: '', summary: '', content });

/** The article stage as a worker runs it, under `r`'s watchlist, for an article discovered `ago` ms back. */
async function takeIn(r: Runtime, article: Article, ago = HOUR): Promise<void> {
  await r.stores.articles.put(article);
  await processArticle(article.id, r.stageDeps().article, Date.now() - ago);
}

async function deliveryJobs(r: Runtime): Promise<string[]> {
  return (await r.queues.deliver.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).map((j) => j.id!).sort();
}

test('an article taken in before a name was added alerts about that name after a replay with the new watchlist', async () => {
  const old = runtime(before, 'v1');
  await takeIn(old, story('border', 'Thai police detained Sok Vanna at the border on Monday.'));
  expect(await old.stores.alerts.list()).toEqual([]);

  const now = runtime(after, 'v2');
  const outcome = await replayArticles({ since: Date.now() - 3 * 24 * HOUR }, now.replayDeps());
  expect(outcome).toMatchObject({ articles: 1, expired: 0, alreadyAlerted: 0, notNew: 0, deliveries: 1 });
  expect(outcome.alerts.map((a) => [a.outcome, a.alert.personId, a.alert.rule])).toEqual([['raised', 'sok-vanna', 'pursued']]);
  const [record] = await now.stores.alerts.list();
  expect(record).toMatchObject({ alert: { personId: 'sok-vanna', articleId: 'border' }, article: { url: 'https://news.example/border' } });
  expect(record!.discoveredAt).toBeLessThan(record!.createdAt - HOUR / 2);
  expect(await deliveryJobs(now)).toEqual([`deliver-${record!.alert.id}-desk`]);

  // A second replay finds it raised.
  const again = await replayArticles({ since: 0 }, now.replayDeps());
  expect(again).toMatchObject({ alerts: [], alreadyAlerted: 1, deliveries: 0 });
  expect(await now.stores.alerts.list()).toHaveLength(1);
});

test('an article that already alerted about a person is not re-alerted, even where the new watchlist fires another rule', async () => {
  const old = runtime(before, 'v1');
  // Under the old watchlist only a mention (low); under the new one, "deported" makes it high.
  await takeIn(old, story('deported', 'Lin Dara was deported to Phnom Penh on Friday.'));
  const [first] = await old.stores.alerts.list();
  expect(first!.alert.rule).toBe('mentioned');
  await old.stores.alerts.setDelivery(first!.alert.id, 'desk', { state: 'sent', at: Date.now() });
  const jobsBefore = await deliveryJobs(old);
  const peek = new Redis(redisUrl());
  const suppressKeys = await peek.keys(`{${prefix}}:suppress:*`);
  await peek.quit();

  const now = runtime(after, 'v2');
  const outcome = await replayArticles({ since: Date.now() - 24 * HOUR }, now.replayDeps());
  expect(outcome).toMatchObject({ articles: 1, alerts: [], alreadyAlerted: 1, deliveries: 0 });
  expect((await now.stores.alerts.list()).map((r) => r.alert.id)).toEqual([first!.alert.id]);
  expect(await deliveryJobs(now)).toEqual(jobsBefore);
  const redis = new Redis(redisUrl());
  expect(await redis.keys(`{${prefix}}:suppress:*`)).toEqual(suppressKeys);
  await redis.quit();
});

test('a story folded into an earlier alert is not raised by the replay either; a new person in it is', async () => {
  const old = runtime(before, 'v1');
  await takeIn(old, story('wire', 'Police detained Lin Dara at the border on Monday.'), 2 * HOUR);
  await takeIn(old, story('copy', 'Police detained Lin Dara and Sok Vanna at the border, officials said.', 'https://daily.example/copy'));
  const history = await old.stores.alerts.list();
  expect(history).toHaveLength(1);
  expect(history[0]!.alsoReportedBy).toEqual([{ sourceId: 'wire', url: 'https://daily.example/copy' }]);

  const now = runtime(after, 'v2');
  const outcome = await replayArticles({ since: Date.now() - 24 * HOUR }, now.replayDeps());
  expect(outcome.alerts.map((a) => [a.outcome, a.article.id, a.alert.personId])).toEqual([['raised', 'copy', 'sok-vanna']]);
  expect(outcome.alreadyAlerted).toBe(2);
});

test('two kept reports of one story about a new name: the first raises the alert, the second folds into it', async () => {
  const old = runtime(before, 'v1');
  await takeIn(old, story('wire', 'Thai police detained Sok Vanna at the border on Monday.'), 3 * HOUR);
  await takeIn(old, story('daily', 'Sok Vanna was detained by Thai police at the border.', 'https://daily.example/story'), HOUR);
  const now = runtime(after, 'v2');
  const outcome = await replayArticles({ since: Date.now() - 24 * HOUR }, now.replayDeps());
  expect(outcome.alerts.map((a) => [a.outcome, a.article.id])).toEqual([
    ['raised', 'wire'],
    ['folded', 'daily'],
  ]);
  expect(outcome.deliveries).toBe(1);
  const [record] = await now.stores.alerts.list();
  expect(record!.alsoReportedBy).toEqual([{ sourceId: 'wire', url: 'https://daily.example/story' }]);
});

test('a dry run says what would alert and records, claims and queues nothing', async () => {
  const old = runtime(before, 'v1');
  await takeIn(old, story('border', 'Thai police detained Sok Vanna at the border on Monday.'));
  const redis = new Redis(redisUrl());
  const keysBefore = (await redis.keys(`{${prefix}}:*`)).sort();

  const now = runtime(after, 'v2');
  const outcome = await replayArticles({ since: Date.now() - 24 * HOUR, dryRun: true }, now.replayDeps());
  expect(outcome.alerts.map((a) => [a.outcome, a.alert.personId])).toEqual([['would-raise', 'sok-vanna']]);
  expect(outcome.deliveries).toBe(0);
  expect(await now.stores.alerts.list()).toEqual([]);
  expect(await deliveryJobs(now)).toEqual([]);
  // Opening the queues adds BullMQ's own metadata keys; nothing of exilewatch's is added.
  const added = (await redis.keys(`{${prefix}}:*`)).filter((k) => !keysBefore.includes(k));
  expect(added.filter((k) => !/^\{[^}]+\}:(poll|article|deliver|digest|replay):/.test(k))).toEqual([]);
  await redis.quit();
});

test('only the articles discovered since the given time are matched again', async () => {
  const old = runtime(before, 'v1');
  await takeIn(old, story('yesterday', 'Police detained Sok Vanna on Monday.'), 30 * HOUR);
  await takeIn(old, story('today', 'Police detained Sok Vanna on Tuesday.'), HOUR);
  const now = runtime(after, 'v2');
  const outcome = await replayArticles({ since: Date.now() - 24 * HOUR, dryRun: true }, now.replayDeps());
  expect(outcome.articles).toBe(1);
  expect(outcome.alerts.map((a) => a.article.id)).toEqual(['today']);
});

test('requestReplay: one job per configuration however often asked; a worker on another configuration hands it back', async () => {
  const old = runtime(before, 'v1');
  await takeIn(old, story('border', 'Thai police detained Sok Vanna at the border on Monday.'));
  const now = runtime(after, 'v2');
  const since = Date.now() - 24 * HOUR;
  await expect(now.requestReplay(since, 'Added Sok Vanna')).rejects.toThrow(/^replay reason "Added Sok Vanna": a word or two in lower case/);
  const id = await now.requestReplay(since, 'watchlist-gained');
  expect(id).toBe('replay-v2');
  expect(await now.requestReplay(since + 5000, 'watchlist-gained')).toBe('replay-v2');
  expect(await now.queues.replay.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 1, delayed: 0, active: 0 });
  const job = await now.queues.replay.getJob(id!);
  expect(job!.data).toEqual({ since, configVersion: 'v2', reason: 'watchlist-gained' });

  // A worker still on v1 takes it and gives it back for a worker on v2.
  old.startWorkers();
  const handedBack = await waitForJob(old.queues.replay, id!, 15_000);
  expect(handedBack.state).toBe('retrying');
  expect(handedBack.state === 'retrying' && handedBack.reason).toMatch(/^replay is for configuration v2, this worker runs v1/);
  await old.stop();
  runtimes.splice(runtimes.indexOf(old), 1);
  expect(await now.stores.alerts.list()).toEqual([]);

  now.startWorkers();
  const deadline = Date.now() + 15_000;
  while ((await now.queues.replay.getJobState(id!)) !== 'completed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const done = await waitForJob(now.queues.replay, id!, 1000);
  expect(done).toEqual({ state: 'completed', value: { articles: 1, raised: 1, folded: 0, alreadyAlerted: 0, deliveries: 1 } });
  expect((await now.stores.alerts.list()).map((r) => r.alert.personId)).toEqual(['sok-vanna']);
});

test('with EXILEWATCH_REPLAY_WINDOW=off the article stage keeps no text and requestReplay asks for nothing', async () => {
  const r = new Runtime({
    env: { ...readEnv({ EXILEWATCH_REPLAY_WINDOW: 'off' }), prefix },
    watchlist: { watchlist: before, disabledRoutes: [], disabled: [], issues: [] },
    feeds: feedsSchema.parse({ version: 1, sources: [] }),
    redisUrl: redisUrl(),
    log: silent,
    configVersion: 'v1',
  });
  runtimes.push(r);
  await takeIn(r, story('border', 'Police detained Lin Dara at the border.'));
  const redis = new Redis(redisUrl());
  const keys = new Keys(`{${prefix}}`);
  expect(await redis.exists(keys.replayIndex(), keys.replayArticle('border'))).toBe(0);
  await redis.quit();
  expect(await r.requestReplay(0, 'watchlist-gained')).toBeUndefined();
});
