// Real Redis (started by `npm test`), real BullMQ queue: job schedulers follow the feeds file.
import { feedsSchema } from '../../../src/config/feeds-schema';
import { closeQueues, createQueues, type Queues } from '../../../src/queue/queues';
import { jitterFor, syncDigestSchedulers, syncSchedulers } from '../../../src/queue/schedule';
import type { RedisConnections } from '../../../src/queue/redis';
import { dropPrefix, testConnections } from '../../helpers/redis';

const feeds = (sources: Array<Record<string, unknown>>) =>
  feedsSchema.parse({ version: 1, defaults: { interval: '30m' }, sources: sources.map((s) => ({ url: 'https://news.example/feed', ...s })) });

let conns: RedisConnections;
let queues: Queues;

beforeEach(() => {
  conns = testConnections();
  queues = createQueues(conns);
});

afterEach(async () => {
  await dropPrefix(conns);
  await closeQueues(queues);
  await conns.closeAll();
});

const schedulers = async () =>
  (await queues.poll.getJobSchedulers(0, -1)).map((s) => ({ key: s.key, every: s.every, offset: s.offset })).sort((a, b) => a.key.localeCompare(b.key));

describe('syncSchedulers', () => {
  test('creates one scheduler per enabled source, with its interval and a fixed jitter', async () => {
    const change = await syncSchedulers(queues.poll, feeds([{ id: 'a', interval: '15m' }, { id: 'b' }, { id: 'c', enabled: false }]));
    expect(change).toEqual({ upserted: ['a', 'b'], removed: [] });
    expect(await schedulers()).toEqual([
      { key: 'poll-a', every: 15 * 60_000, offset: jitterFor('a', 15 * 60_000) },
      { key: 'poll-b', every: 30 * 60_000, offset: jitterFor('b', 30 * 60_000) },
    ]);
  });

  test('updates a changed interval and removes sources taken out of the file', async () => {
    await syncSchedulers(queues.poll, feeds([{ id: 'a' }, { id: 'b' }]));
    const change = await syncSchedulers(queues.poll, feeds([{ id: 'a', interval: '5m' }]));
    expect(change).toEqual({ upserted: ['a'], removed: ['b'] });
    expect(await schedulers()).toEqual([{ key: 'poll-a', every: 5 * 60_000, offset: jitterFor('a', 5 * 60_000) }]);
  });

  test('running it again at every start changes nothing', async () => {
    const config = feeds([{ id: 'a' }, { id: 'b' }]);
    await syncSchedulers(queues.poll, config);
    const before = await schedulers();
    await syncSchedulers(queues.poll, config);
    expect(await schedulers()).toEqual(before);
    expect(await queues.poll.getJobCountByTypes('delayed', 'waiting')).toBe(2);
  });

  test('jitter spreads sources over the interval', () => {
    const offsets = Array.from({ length: 50 }, (_, i) => jitterFor(`source-${i}`, 60_000));
    expect(new Set(offsets).size).toBeGreaterThan(45);
    expect(Math.max(...offsets)).toBeLessThan(60_000);
  });
});

describe('syncDigestSchedulers', () => {
  test('one cron scheduler per digest route, in the route time zone, removed with the route', async () => {
    const route = (id: string, extra: Record<string, unknown>) =>
      ({
        id,
        kind: 'email',
        to: ['a@ngo.example'],
        minSeverity: 'low',
        mode: 'digest',
        timeZone: 'Asia/Phnom_Penh',
        redact: false,
        optional: false,
        ...extra,
      }) as never;
    await syncDigestSchedulers(queues.digest, [
      route('daily', { digest: { every: 'daily', at: '07:30' } }),
      route('hourly', { digest: { every: 'hourly', at: '00:15' } }),
    ]);
    const found = (await queues.digest.getJobSchedulers(0, -1)).map((s) => [s.key, s.pattern, s.tz]).sort();
    expect(found).toEqual([
      ['digest-daily', '30 7 * * *', 'Asia/Phnom_Penh'],
      ['digest-hourly', '15 * * * *', 'Asia/Phnom_Penh'],
    ]);
    const change = await syncDigestSchedulers(queues.digest, []);
    expect(change.removed.sort()).toEqual(['daily', 'hourly']);
    expect(await queues.digest.getJobSchedulers(0, -1)).toEqual([]);
  });
});
