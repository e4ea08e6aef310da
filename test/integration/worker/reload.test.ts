// Live reload in real worker processes (`exilewatch run`): the watchlist and feeds files edited while
// the worker runs, a real Redis, a local HTTP server on 127.0.0.1 serving the feed, and `exilewatch
// reload` and `status` run as an operator runs them.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { hashTagPrefix } from '../../../src/queue/redis';
import { createStores } from '../../../src/store';
import { exilewatchAsync } from '../../helpers/cli';
import { exited, startExilewatch, until, type Running } from '../../helpers/processes';
import { feedsYaml, saveByRename, watchlistYaml } from '../../helpers/config-files';
import { rss, startLocalServer, type LocalServer } from '../../helpers/http-server';
import { redisUrl } from '../../helpers/redis';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-reload-'));
const lena = { id: 'lena-varga', name: 'Lena Varga' };
const tomas = { id: 'tomas-oduya', name: 'Tomas Oduya' };

let web: LocalServer;
let items: Array<{ title: string; description: string; link: string }>;
const children: ChildProcess[] = [];
let redis: Redis;
let prefixName: string;

beforeEach(async () => {
  items = [];
  web = await startLocalServer({ '/feed.xml': () => ({ body: rss(items) }), '/second.xml': () => ({ body: rss([]) }) });
  redis = new Redis(redisUrl());
  prefixName = `exilewatch-test-${randomBytes(6).toString('hex')}`;
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  const keys = await redis.keys(`${hashTagPrefix(prefixName)}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await web.close();
});

function configFiles(people: Array<{ id: string; name: string }>): { watchlist: string; feeds: string } {
  const tag = randomBytes(4).toString('hex');
  const paths = { watchlist: join(dir, `watchlist-${tag}.yaml`), feeds: join(dir, `feeds-${tag}.yaml`) };
  writeFileSync(paths.watchlist, watchlistYaml(people));
  writeFileSync(paths.feeds, feedsYaml([{ id: 'local', url: web.url('/feed.xml') }], '1s'));
  return paths;
}

const env = () => ({ REDIS_URL: redisUrl(), EXILEWATCH_PREFIX: prefixName });

function startWorker(paths: { watchlist: string; feeds: string }, args: string[] = []): Running {
  const worker = startExilewatch(['run', '--watchlist', paths.watchlist, '--feeds', paths.feeds, ...args], { LOG_LEVEL: 'info', HTTP_PORT: '0', ...env() });
  children.push(worker.proc);
  return worker;
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10000) });
  return { status: res.status, body: await res.text() };
}

interface Ready {
  ready: boolean;
  config: { version: string; loadedAt: string; people: number; lastReload?: { outcome: string; at: string; errors?: number } };
  notes: string[];
}

async function readyz(port: number): Promise<{ status: number; ready: Ready }> {
  const r = await get(port, '/readyz');
  return { status: r.status, ready: JSON.parse(r.body) as Ready };
}

function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function portOf(worker: Running): Promise<number> {
  return until('the health server', () => {
    const m = /"port":(\d+)[^\n]*health and metrics server listening/.exec(worker.out());
    return m ? Number(m[1]) : undefined;
  });
}

/** The person of the alert raised on the article at `link`, once there is one. */
async function alertedOn(link: string): Promise<string> {
  const stores = createStores(redis, hashTagPrefix(prefixName));
  return until(`an alert on ${link}`, async () => (await stores.alerts.list()).find((r) => r.article.url === link)?.alert.personId);
}

function publish(title: string, description: string): string {
  const link = web.url(`/story/${items.length + 1}`);
  items.push({ title, description, link });
  return link;
}

test('an edit of the watchlist applies without a restart; an invalid one is refused with its position and the old config works on', async () => {
  const paths = configFiles([lena]);
  const first = publish('Harbour festival opens', 'Lena Varga opened the harbour festival on Sunday.');
  const worker = startWorker(paths);
  const port = await portOf(worker);
  expect(await alertedOn(first)).toBe('lena-varga');
  const v1 = (await until('ready', async () => ((await readyz(port)).status === 200 ? readyz(port) : undefined))).ready.config;
  expect(v1.people).toBe(1);

  // A person added, saved as an editor saves: a new file renamed over the old.
  saveByRename(paths.watchlist, watchlistYaml([lena, tomas]));
  const v2 = await until('the new version', async () => {
    const { ready } = await readyz(port);
    return ready.config.version !== v1.version ? ready : undefined;
  });
  expect(v2.config).toMatchObject({ people: 2, lastReload: { outcome: 'ok' } });
  expect(v2.notes).toEqual([]);
  const second = publish('Court hears appeal', 'Tomas Oduya attended the hearing in the capital.');
  expect(await alertedOn(second)).toBe('tomas-oduya');

  // An invalid edit: an unknown severity, and a second person under an id already used.
  const broken = watchlistYaml([lena, tomas, { id: 'tomas-oduya', name: 'Tomas Other' }]).replace('severity: low', 'severity: loud');
  saveByRename(paths.watchlist, broken);
  const refused = await until('the refused reload', async () => {
    const r = await readyz(port);
    return r.ready.config.lastReload?.outcome === 'failed' ? r : undefined;
  });
  expect(refused.status).toBe(200);
  expect(refused.ready.ready).toBe(true);
  expect(refused.ready.config).toMatchObject({ version: v2.config.version, people: 2, lastReload: { outcome: 'failed', errors: 2 } });
  expect(refused.ready.notes).toEqual([expect.stringMatching(new RegExp(`failed with 2 errors; still running on version ${v2.config.version}`))]);

  // Standard output is a pipe here: one JSON object per line. The summary line comes last, and may
  // reach the pipe after readyz has answered.
  const lines = await until('the refusal logged', () => {
    const msgs = worker
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    return Promise.resolve(msgs.some((l) => l.includes('configuration reload refused')) ? msgs : undefined);
  });
  const severityLine = broken.split('\n').findIndex((l) => l.includes('loud')) + 1;
  const severityColumn = broken.split('\n')[severityLine - 1]!.indexOf('loud') + 1;
  expect(lines.some((l) => l.includes(`${paths.watchlist}:${severityLine}:${severityColumn}: `))).toBe(true);
  const duplicateLine = broken.split('\n').findIndex((l) => l.includes('Tomas Other')) + 1;
  expect(lines.some((l) => l.includes(`${paths.watchlist}:${duplicateLine}:`) && l.includes('duplicate id "…"'))).toBe(true);
  expect(lines.some((l) => l.includes('configuration reload refused: 2 errors'))).toBe(true);

  // The last good configuration matches on: the old person, and the one added before.
  const third = publish('Library reopens', 'Lena Varga cut the ribbon at the library.');
  expect(await alertedOn(third)).toBe('lena-varga');

  const metrics = (await get(port, '/metrics')).body;
  expect(sample(metrics, 'exilewatch_config_reloads_total{outcome="ok"}')).toBe(1);
  expect(sample(metrics, 'exilewatch_config_reloads_total{outcome="failed"}')).toBe(1);
  expect(sample(metrics, 'exilewatch_config_last_reload_success')).toBe(0);
  expect(sample(metrics, `exilewatch_config_info{version="${v2.config.version}"}`)).toBe(1);
  expect(metrics).not.toContain(`version="${v1.version}"`);

  // Watched names and ids stay out of the log, the refused reload's messages included.
  expect(worker.out()).not.toMatch(/Oduya|Varga|tomas-oduya|lena-varga/i);
  worker.proc.kill('SIGTERM');
  expect(await exited(worker.proc)).toBe(0);
}, 90000);

test('exilewatch reload makes a running worker reload, and status shows the version it runs', async () => {
  const paths = configFiles([lena]);
  // Not watching the files: only the command can make this worker reload.
  const worker = startWorker(paths, ['--no-watch']);
  const port = await portOf(worker);
  await until('the worker to start', () => (worker.out().includes('"worker started"') ? true : undefined));
  const v1 = (await readyz(port)).ready.config.version;

  writeFileSync(paths.watchlist, watchlistYaml([lena, tomas]));
  const reload = await exilewatchAsync(['reload', '--watchlist', paths.watchlist, '--feeds', paths.feeds], { env: env() });
  expect(reload.stderr).toBe('');
  expect(reload.code).toBe(0);
  const v2 = (await readyz(port)).ready.config;
  expect(v2.version).not.toBe(v1);
  expect(v2.people).toBe(2);
  expect(reload.stdout).toContain(`asked 1 worker to reload; the files here are version ${v2.version}`);
  expect(reload.stdout).toMatch(new RegExp(`version ${v2.version}  reload ok`));
  expect(reload.stdout).toContain(`all on version ${v2.version}`);

  const status = await exilewatchAsync(['status', '--watchlist', paths.watchlist, '--feeds', paths.feeds], { env: env() });
  expect(status.code).toBe(0);
  expect(status.stdout).toMatch(new RegExp(`:${worker.proc.pid}:[0-9a-f]{4} +${v2.version} `));
  expect(status.stdout).not.toContain('DISAGREE');

  // Files that do not validate here are reported here, and no worker is asked.
  writeFileSync(paths.watchlist, watchlistYaml([lena]).replace('severity: low', 'severity: loud'));
  const refused = await exilewatchAsync(['reload', '--watchlist', paths.watchlist, '--feeds', paths.feeds], { env: env() });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(new RegExp(`^${paths.watchlist}:\\d+:\\d+: rules\\[mentioned\\]\\.severity`));
  expect(refused.stdout).toBe('');
  expect((await readyz(port)).ready.config).toMatchObject({ version: v2.version, lastReload: { outcome: 'ok' } });

  worker.proc.kill('SIGTERM');
  expect(await exited(worker.proc)).toBe(0);
  // A worker that stopped takes its record with it.
  expect(await createStores(redis, hashTagPrefix(prefixName)).workers.list()).toEqual([]);
}, 90000);

test('two workers on their own copies of the files: reload and status flag that they disagree, until both copies agree', async () => {
  const copyA = configFiles([lena]);
  const copyB = configFiles([lena]);
  const workers = [startWorker(copyA, ['--no-watch']), startWorker(copyB, ['--no-watch'])];
  for (const w of workers) await until('the worker to start', () => (w.out().includes('"worker started"') ? true : undefined));

  writeFileSync(copyA.watchlist, watchlistYaml([lena, tomas]));
  const split = await exilewatchAsync(['reload', '--watchlist', copyA.watchlist, '--feeds', copyA.feeds], { env: env() });
  expect(split.stdout).toContain('asked 2 workers to reload');
  expect(split.stdout).toMatch(/DISAGREE: \w+ on 1, \w+ on 1/);
  expect(split.code).toBe(1);
  const status = await exilewatchAsync(['status', '--watchlist', copyA.watchlist, '--feeds', copyA.feeds], { env: env() });
  expect(status.stdout).toContain('DISAGREE: the workers run 2 configuration versions');

  writeFileSync(copyB.watchlist, watchlistYaml([lena, tomas]));
  const agreed = await exilewatchAsync(['reload', '--watchlist', copyB.watchlist, '--feeds', copyB.feeds], { env: env() });
  // The version is the files' bytes, not their names: two copies with the same contents agree.
  expect(agreed.stdout).toMatch(/all on version [0-9a-f]{12}\n$/);
  expect(agreed.code).toBe(0);
  for (const w of workers) w.proc.kill('SIGTERM');
  expect(await Promise.all(workers.map((w) => exited(w.proc)))).toEqual([0, 0]);
}, 90000);

test('a source added to and one removed from the feeds file gain and lose their schedulers', async () => {
  const paths = configFiles([lena]);
  const worker = startWorker(paths);
  await until('the worker to start', () => (worker.out().includes('"worker started"') ? true : undefined));
  const poll = new Queue('poll', { connection: redis, prefix: hashTagPrefix(prefixName) });
  const schedulers = async () => (await poll.getJobSchedulers(0, -1)).map((s) => s.key).sort();
  expect(await schedulers()).toEqual(['poll-local']);

  saveByRename(paths.feeds, feedsYaml([{ id: 'second', url: web.url('/second.xml') }], '1h'));
  await until('the schedulers to follow', async () => ((await schedulers()).join() === 'poll-second' ? true : undefined));
  // A source never polled is polled at once, as at start-up.
  await until('the new source to be polled', () => (web.requests.some((r) => r.path === '/second.xml') ? true : undefined));
  const second = (await poll.getJobSchedulers(0, -1)).find((s) => s.key === 'poll-second');
  expect(second?.every).toBe(3600_000);
  await poll.close();
  worker.proc.kill('SIGTERM');
  expect(await exited(worker.proc)).toBe(0);
}, 60000);

test('a person added by a reload is alerted on the article seen before, by a replay, and nothing alerted before is alerted again', async () => {
  const paths = configFiles([lena]);
  const earlier = publish('Court hears appeal', 'Tomas Oduya attended the hearing in the capital.');
  const known = publish('Harbour festival opens', 'Lena Varga opened the harbour festival on Sunday.');
  startWorker(paths);
  expect(await alertedOn(known)).toBe('lena-varga');
  const articles = new Queue('article', { connection: redis, prefix: hashTagPrefix(prefixName) });
  try {
    // Both articles matched under the old watchlist, before the edit: only a replay can alert on Tomas.
    await until('both articles matched', async () => ((await articles.getJobCountByTypes('completed')) >= 2 ? true : undefined));
    const stores = createStores(redis, hashTagPrefix(prefixName));
    expect((await stores.alerts.list()).filter((r) => r.article.url === earlier)).toEqual([]);

    saveByRename(paths.watchlist, watchlistYaml([lena, tomas]));
    expect(await alertedOn(earlier)).toBe('tomas-oduya');
    const onKnown = (await stores.alerts.list()).filter((r) => r.article.url === known);
    expect(onKnown.map((r) => r.alert.personId)).toEqual(['lena-varga']);
  } finally {
    await articles.close();
  }
});
