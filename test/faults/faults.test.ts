// The fault suite (`npm run test:faults`): the real worker (`exilewatch run`) as child processes, a
// real redis-server with append-only persistence that the suite stops and starts, a local feed server,
// a local SMTP server and a local webhook receiver, all on 127.0.0.1. Workers are killed at named
// steps (EXILEWATCH_KILL_AT, worker/kill-point.ts), so every scenario hits its window on every run.
// Each scenario prints: expected (alert, route) pairs, deliveries, distinct keys, repeats, lost.
import { startHttpReceiver, startSmtpReceiver } from '../integration/alerts/servers';
import { deliveries, EXPECTED, expectClean as clean, finish, fixture, sleep, startWorker, teardown, until, type Figures, type Fixture } from './fixture';

jest.setTimeout(180_000);

let f: Fixture;
const expectClean = (r: Figures): void => clean(f, r);
beforeEach(async () => {
  f = await fixture();
});
afterEach(async () => {
  await teardown(f);
});

describe.each([
  ['SIGKILL while polling (an article claimed, not yet queued)', 'poll:claimed:2'],
  ['SIGKILL while matching', 'article:matched:1'],
  ['SIGKILL while recording (an alert saved, its routes not yet queued)', 'dispatch:recorded:1'],
  ['SIGKILL while delivering (sent, not yet recorded)', 'deliver:sent:1'],
])('%s', (name, killAt) => {
  test('the restarted worker finishes the work: nothing lost, nothing under two keys', async () => {
    const doomed = startWorker(f, { EXILEWATCH_KILL_AT: killAt });
    const death = await Promise.race([doomed.exited, sleep(60_000).then(() => undefined)]);
    // The kill point was reached: the process died of SIGKILL, not of anything else.
    expect(death?.signal).toBe('SIGKILL');
    startWorker(f);
    expectClean(await finish(name, f));
  });
});

test('Redis stopped and restarted twice mid-run', async () => {
  const redis = f.redis!;
  const w = startWorker(f);
  const said = (msg: string): number =>
    w.output
      .join('')
      .split('\n')
      .filter((l) => l.includes(`"msg":"${msg}"`)).length;
  for (const [i, after] of [1, 3].entries()) {
    // The second outage starts once the worker has told of its return from the first.
    expect(await until(() => deliveries(f).length >= after && said('redis reachable again') === i, 60_000)).toBe(true);
    await redis.stop();
    await sleep(1500);
    await redis.start();
  }
  expectClean(await finish('Redis restarted twice', f));
  // The outage is told in JSON log lines, one when Redis goes and one when it is back: no stack dumps.
  const lines = f.workers[0]!.output.join('')
    .split('\n')
    .filter((l) => l.trim() !== '');
  expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
  const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(messages.filter((m) => m === 'redis unreachable; retrying')).toHaveLength(2);
  expect(messages.filter((m) => m === 'redis reachable again')).toHaveLength(2);
});

describe.each([
  ['two', 1],
  ['three', 2],
])('%s workers on one Redis, one killed mid-delivery while the others run', (count, others) => {
  test('the survivors finish the work: nothing lost, nothing under two keys', async () => {
    // The doomed worker freezes at the kill point (its locks unrenewed) while the others start
    // and take the rest of the work, then it dies; its stalled delivery goes to a survivor.
    const doomed = startWorker(f, { EXILEWATCH_KILL_AT: 'deliver:sent:1:3000' });
    expect(await until(() => doomed.output.join('').includes('"msg":"kill point reached"'), 60_000)).toBe(true);
    for (let i = 0; i < others; i++) startWorker(f);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expectClean(await finish(`${count} workers, one killed`, f));
  });
});

test('SMTP server and webhook receiver down for a period, then back', async () => {
  const smtpPort = f.smtp.port;
  const hookPort = Number(new URL(f.hook.url()).port);
  await Promise.all([f.smtp.close(), f.hook.close()]);
  const w = startWorker(f, { EXILEWATCH_DELIVERY_RETRY_MS: '500' });
  const retried = (): number =>
    w.output
      .join('')
      .split('\n')
      .filter((l) => l.includes('"msg":"job will be retried"') && l.includes('"queue":"deliver"')).length;
  // Every (alert, route) pair has failed at least once against the closed ports before they come back.
  expect(await until(() => retried() >= EXPECTED, 60_000)).toBe(true);
  expect(deliveries(f)).toHaveLength(0);
  f.smtp = await startSmtpReceiver({ port: smtpPort });
  f.hook = await startHttpReceiver(undefined, { port: hookPort });
  expectClean(await finish('SMTP and webhook down, then back', f));
});

test('webhook answering 500, then 429 with Retry-After, then 200', async () => {
  f.hook.answers = [{ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }, { status: 200 }];
  startWorker(f, { EXILEWATCH_DELIVERY_RETRY_MS: '500' });
  expectClean(await finish('webhook 500 then 429 then 200', f));
  // Each refused delivery came again as a later attempt (a 429's wait counts: it is not a repeat of 1).
  const attempt = (r: { body: string }) => (JSON.parse(r.body) as { delivery: { id: string; attempt: number } }).delivery;
  const refused = f.hook.received.filter((r) => r.status >= 400).map(attempt);
  expect(refused).toHaveLength(2);
  for (const first of refused) expect(f.hook.received.map(attempt).some((d) => d.id === first.id && d.attempt > first.attempt)).toBe(true);
});
