// The worker's health, readiness and metrics server, asked over HTTP as a probe and a scraper would:
// a real worker process (`exilewatch run`), a private redis-server started here (so that the test can
// take it away), and a local HTTP server on 127.0.0.1 serving a feed and receiving the webhook.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, startExilewatch, until, type Running } from '../../helpers/processes';
import { rss, startLocalServer, type LocalServer } from '../../helpers/http-server';
import { answers, freePort } from '../../helpers/ports';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-ops-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let web: LocalServer;
const children: ChildProcess[] = [];

async function startRedis(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(proc);
  for (let i = 0; i < 100 && !(await answers(port)); i++) await sleep(50);
  return { url: `redis://127.0.0.1:${port}`, proc };
}

function startWorker(env: Record<string, string>): Running {
  const feeds = join(dir, 'feeds.yaml');
  writeFileSync(feeds, `version: 1\nsources:\n  - { id: local, url: '${web.url('/feed.xml')}', interval: 1h, allowPrivateNetwork: true, fullText: false }\n`);
  const worker = startExilewatch(['run', '--feeds', feeds], {
    LOG_LEVEL: 'info',
    PARTNER_WEBHOOK_URL: web.url('/hook'),
    PARTNER_WEBHOOK_SECRET: 'test-secret-0123456789',
    ...env,
  });
  children.push(worker.proc);
  return worker;
}

async function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of one sample, e.g. sample(text, 'exilewatch_alerts_total{severity="high"}'). */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeEach(async () => {
  web = await startLocalServer({
    '/feed.xml': () => ({
      body: rss([
        {
          title: 'Opposition deputy held at Kuala Lumpur airport',
          description: 'Malaysian officers detained Mu Sochua on Saturday.',
          link: 'http://127.0.0.1/story',
        },
      ]),
    }),
    '/hook': () => ({ status: 200, body: 'ok' }),
  });
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await web.close();
});

test('healthz, readyz and metrics answer for a running worker, and readyz says when Redis goes away', async () => {
  const redis = await startRedis();
  const worker = startWorker({ REDIS_URL: redis.url, HTTP_PORT: '0' });
  const port = await until('the server to listen', () => {
    const m = /"port":(\d+)[^\n]*health and metrics server listening/.exec(worker.out());
    return m ? Number(m[1]) : undefined;
  });
  await until('the webhook delivery', () => (web.requests.some((r) => r.path === '/hook') ? true : undefined));

  const health = await get(port, '/healthz');
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toMatchObject({ status: 'alive' });

  const ready = await until('readiness', async () => {
    const r = await get(port, '/readyz');
    return r.status === 200 ? r : undefined;
  });
  const readiness = JSON.parse(ready.body) as { ready: boolean; redis: string; config: Record<string, unknown> };
  expect(readiness).toMatchObject({ ready: true, redis: 'ok', workers: 'running', config: { sources: 1, routes: expect.any(Number) as unknown } });
  expect(readiness.config.version).toMatch(/^[0-9a-f]{12}$/);
  expect(readiness.config.people).toBeGreaterThan(0);

  // The delivery's completion is counted just after the receiver answers: wait for it, not a fixed time.
  const metrics = await until('the delivery to be counted', async () => {
    const m = await get(port, '/metrics');
    return sample(m.body, 'exilewatch_deliveries_total{channel="webhook",outcome="sent"}') === 1 ? m : undefined;
  });
  expect(metrics.type).toContain('text/plain');
  const text = metrics.body;
  expect(sample(text, 'exilewatch_polls_total{outcome="ok",error_kind=""}')).toBe(1);
  expect(sample(text, 'exilewatch_articles_discovered_total')).toBe(1);
  expect(sample(text, 'exilewatch_articles_processed_total{outcome="matched"}')).toBe(1);
  expect(sample(text, 'exilewatch_article_matches_total{severity="high"}')).toBe(1);
  expect(sample(text, 'exilewatch_alerts_total{severity="high"}')).toBe(1);
  expect(sample(text, 'exilewatch_alerts_total{severity="critical"}')).toBe(0);
  // No SMTP_URL: the email route fails for good, and says so in the numbers too.
  expect(sample(text, 'exilewatch_deliveries_total{channel="email",outcome="failed"}')).toBe(1);
  expect(sample(text, 'exilewatch_discovery_to_delivery_seconds_count{channel="webhook"}')).toBe(1);
  expect(sample(text, 'exilewatch_discovery_to_delivery_seconds_bucket{le="+Inf",channel="webhook"}')).toBe(1);
  expect(sample(text, 'exilewatch_queue_jobs{queue="deliver",state="failed"}')).toBe(1);
  expect(sample(text, 'exilewatch_queue_jobs{queue="poll",state="delayed"}')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'exilewatch_queue_oldest_waiting_seconds{queue="article"}')).toBe(0);
  expect(sample(text, 'exilewatch_source_consecutive_failures{source="local"}')).toBe(0);
  expect(sample(text, 'exilewatch_source_last_success_timestamp_seconds{source="local"}')).toBeGreaterThan(Date.now() / 1000 - 120);
  expect(sample(text, 'exilewatch_redis_up')).toBe(1);
  expect(text).toContain('exilewatch_process_resident_memory_bytes');
  // The watchlist's names never reach a scraper.
  for (const body of [text, ready.body]) expect(body).not.toMatch(/sochua/i);

  expect((await get(port, '/nowhere')).status).toBe(404);
  // No ADMIN_PASSWORD, no dashboard.
  expect((await get(port, '/admin/queues')).status).toBe(404);
  const post = await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' });
  expect(post.status).toBe(405);

  // Redis goes away: alive still, not ready, and the scrape answers without the queue numbers.
  redis.proc.kill('SIGKILL');
  const notReady = await until('readyz to fail', async () => {
    const r = await get(port, '/readyz');
    return r.status === 503 ? r : undefined;
  });
  expect(JSON.parse(notReady.body)).toMatchObject({ ready: false, redis: 'unreachable', reasons: ['Redis does not answer'] });
  expect((await get(port, '/healthz')).status).toBe(200);
  const down = await get(port, '/metrics');
  expect(down.status).toBe(200);
  expect(sample(down.body, 'exilewatch_redis_up')).toBe(0);
  expect(sample(down.body, 'exilewatch_queue_jobs{queue="deliver",state="failed"}')).toBeUndefined();
  expect(sample(down.body, 'exilewatch_alerts_total{severity="high"}')).toBe(1);

  // Stopping while Redis is gone does not wait for the forced exit: jobs in hand return by their locks.
  worker.proc.kill('SIGTERM');
  expect(await exited(worker.proc)).toBe(0);
  expect(worker.out()).toContain('Redis is unreachable: stopping without finishing the jobs in hand');
  expect(worker.out()).not.toContain('shutdown took too long');
  expect(worker.out()).not.toMatch(/\n\s+at /);
}, 60000);

test('a port already in use is one warning, and the worker works without the server', async () => {
  const redis = await startRedis();
  const taken = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => taken.once('listening', resolve));
  const { port } = taken.address() as net.AddressInfo;
  try {
    const worker = startWorker({ REDIS_URL: redis.url, HTTP_PORT: String(port) });
    await until('the webhook delivery', () => (web.requests.some((r) => r.path === '/hook') ? true : undefined));
    const warnings = worker
      .out()
      .split('\n')
      .filter((l) => l.includes('no health or metrics server'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, port, error: `port ${port} is in use` });
    worker.proc.kill('SIGTERM');
    expect(await exited(worker.proc)).toBe(0);
  } finally {
    taken.close();
  }
}, 60000);

test('with ADMIN_PASSWORD the worker serves the queue dashboard behind basic authentication', async () => {
  const redis = await startRedis();
  const worker = startWorker({ REDIS_URL: redis.url, HTTP_PORT: '0', ADMIN_PASSWORD: 'a-password-for-the-test' });
  const port = await until('the server to listen', () => {
    const m = /"port":(\d+)[^\n]*health and metrics server listening/.exec(worker.out());
    return m ? Number(m[1]) : undefined;
  });
  expect((await get(port, '/admin/queues/api/queues')).status).toBe(401);
  const authorization = `Basic ${Buffer.from('admin:a-password-for-the-test').toString('base64')}`;
  const res = await fetch(`http://127.0.0.1:${port}/admin/queues/api/queues`, { headers: { authorization }, signal: AbortSignal.timeout(10000) });
  expect(res.status).toBe(200);
  const { queues } = (await res.json()) as { queues: Array<{ name: string }> };
  expect(queues.map((q) => q.name).sort()).toEqual(['article', 'deliver', 'digest', 'poll', 'replay']);
  worker.proc.kill('SIGTERM');
  expect(await exited(worker.proc)).toBe(0);
  expect(worker.out()).toContain('queue dashboard on');
  expect(worker.out()).not.toContain('a-password-for-the-test');
}, 60000);
