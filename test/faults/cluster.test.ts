// The fault suite on a Redis Cluster it starts itself (three primaries, a replica each:
// scripts/local-cluster.ts): two worker processes run the whole pipeline, and the primary that holds
// the delivery queue is SIGKILLed while deliveries are in flight, so its replica takes over mid-run.
// The window is held open, not timed: the webhook receiver keeps every request waiting until the kill
// is done.
import { startLocalCluster, type LocalCluster } from '../../scripts/local-cluster';
import { expectClean, finish, fixture, startWorker, teardown, until, type Fixture } from './fixture';

jest.setTimeout(180_000);

let cluster: LocalCluster;
let f: Fixture;
beforeEach(async () => {
  cluster = await startLocalCluster();
  f = await fixture({ clusterNodes: cluster.nodesEnv });
});
afterEach(async () => {
  await teardown(f);
  await cluster.stop();
});

// The delivery queue's hash tag for the default prefix (queue/redis.ts, queuePrefix).
const DELIVER_QUEUE_KEY = '{exilewatch:deliver}:deliver:wait';

test('two workers on a Redis Cluster, a primary killed mid-run and replaced by its replica: nothing lost', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  // Every webhook request waits for the kill; its answer then reaches a worker whose queue moved.
  f.hook.answers = [{ status: 200, until: held }];
  const workers = [startWorker(f), startWorker(f)];
  expect(await until(() => f.hook.received.length >= 1, 60_000)).toBe(true);
  const before = cluster.primaryOf(DELIVER_QUEUE_KEY);
  const killed = await cluster.killPrimaryOf(DELIVER_QUEUE_KEY);
  expect(killed).toBe(before);
  expect(cluster.primaryOf(DELIVER_QUEUE_KEY)).not.toBe(killed);
  release();
  const r = await finish('Redis Cluster, a primary killed mid-run', f);
  expectClean(f, r);
  // Both workers rode out the failover: neither exited.
  expect(workers.map((w) => w.proc.exitCode)).toEqual([null, null]);
});
