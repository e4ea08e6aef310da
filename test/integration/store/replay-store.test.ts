// Real Redis (started by `npm test`): the text kept for replay expires on its own, and the time index
// is trimmed on every write, by age and by count.
import type { Article } from '../../../src/articles/article';
import type { RedisConnections } from '../../../src/queue/redis';
import { Keys } from '../../../src/store/keys';
import { ReplayStore } from '../../../src/store/replay-store';
import { dropPrefix, testConnections } from '../../helpers/redis';

const HOUR = 3_600_000;
const WINDOW = 72 * HOUR;

let conns: RedisConnections;
let keys: Keys;
let clock: number;

beforeEach(() => {
  conns = testConnections();
  keys = new Keys(conns.config.prefix);
  clock = Date.UTC(2026, 0, 10, 12);
});

afterEach(async () => {
  await dropPrefix(conns);
  await conns.closeAll();
});

const article = (id: string): Article => ({
  id,
  sourceId: 'wire',
  url: `https://news.example/${id}`,
  title: `Story ${id}`,
  summary: '',
  content: 'Text of the story.',
});
const store = (windowMs = WINDOW, limit?: number) => new ReplayStore(conns.create(), keys, windowMs, { now: () => clock, ...(limit ? { limit } : {}) });

test('kept text has a lifetime that ends a window after discovery, and is read back as kept', async () => {
  const replay = store();
  const redis = conns.create();
  await replay.keep(article('a'), clock);
  await replay.keep(article('b'), clock - 70 * HOUR);
  const ttlA = await redis.pttl(keys.replayArticle('a'));
  const ttlB = await redis.pttl(keys.replayArticle('b'));
  expect(ttlA).toBeGreaterThan(WINDOW - 60_000);
  expect(ttlA).toBeLessThanOrEqual(WINDOW);
  expect(ttlB).toBeGreaterThan(0);
  expect(ttlB).toBeLessThanOrEqual(2 * HOUR);
  expect(await replay.get('a')).toEqual(article('a'));
  expect(await redis.type(keys.replayIndex())).toBe('zset');
});

test('an article discovered longer ago than the window is not kept at all', async () => {
  const replay = store();
  await replay.keep(article('old'), clock - WINDOW - 1);
  expect(await replay.get('old')).toBeUndefined();
  expect(await replay.list(0)).toEqual([]);
});

test('list gives articles discovered since a time, oldest first, never older than the window', async () => {
  const replay = store();
  await replay.keep(article('new'), clock - HOUR);
  await replay.keep(article('mid'), clock - 24 * HOUR);
  await replay.keep(article('older'), clock - 60 * HOUR);
  expect(await replay.list(clock - 48 * HOUR)).toEqual([
    { id: 'mid', discoveredAt: clock - 24 * HOUR },
    { id: 'new', discoveredAt: clock - HOUR },
  ]);
  clock += 20 * HOUR;
  expect((await replay.list(0)).map((k) => k.id)).toEqual(['mid', 'new']);
});

test('the index is trimmed on write: entries older than the window go, and it holds at most the limit', async () => {
  const replay = store(WINDOW, 3);
  const redis = conns.create();
  await replay.keep(article('first'), clock - 10 * HOUR);
  clock += 63 * HOUR; // "first" is now 73 hours old
  await replay.keep(article('second'), clock);
  expect(await redis.zrange(keys.replayIndex(), '0', '-1')).toEqual(['second']);
  for (const id of ['third', 'fourth', 'fifth']) await replay.keep(article(id), (clock += 1000));
  expect(await redis.zrange(keys.replayIndex(), '0', '-1')).toEqual(['third', 'fourth', 'fifth']);
});

test('with the window off nothing is written and nothing listed', async () => {
  const replay = store(0);
  await replay.keep(article('a'), clock);
  expect(replay.enabled).toBe(false);
  expect(await conns.create().exists(keys.replayArticle('a'), keys.replayIndex())).toBe(0);
  expect(await replay.list(0)).toEqual([]);
});
