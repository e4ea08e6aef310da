// The queue dashboard on the ops server, asked over HTTP on 127.0.0.1 as a browser would: real
// BullMQ queues on the Redis that `npm test` starts, under a key prefix of this file's own.
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { startOpsServer, type OpsRoutes, type OpsServer } from '../../../src/ops/http-server';
import { openDashboard } from '../../../src/ops/open-dashboard';
import { closeQueues, createQueues, type Queues } from '../../../src/queue/queues';
import type { RedisConnections } from '../../../src/queue/redis';
import { createLogger } from '../../../src/util/logger';
import { ROOT } from '../../helpers/cli';
import { dropPrefix, testConnections } from '../../helpers/redis';

const PASSWORD = 'correct horse battery staple';
let conns: RedisConnections;
let queues: Queues;
let server: OpsServer | undefined;
let logged: string;

const routes: OpsRoutes = {
  healthz: () => ({ status: 'alive' }),
  readyz: () => Promise.resolve({ ready: true }),
  metrics: () => Promise.resolve({ contentType: 'text/plain', body: '' }),
};

function logger() {
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((logged += chunk.toString('utf8')), done()) });
  return createLogger('info', sink);
}

async function start(http: { host: string; adminPassword?: string }): Promise<OpsServer> {
  const log = logger();
  server = await startOpsServer({ port: 0, host: '127.0.0.1' }, { ...routes, dashboard: openDashboard(http, queues, log) }, log);
  return server!;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

async function get(path: string, authorization?: string, method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${server!.port}${path}`, {
    method,
    headers: authorization ? { authorization } : {},
    signal: AbortSignal.timeout(10000),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

beforeEach(() => {
  logged = '';
  conns = testConnections();
  queues = createQueues(conns);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await closeQueues(queues);
  await dropPrefix(conns);
  await conns.closeAll();
});

test('the dashboard asks for the password, and with it shows the queues read-only', async () => {
  await queues.article.add('article', { articleId: 'a1', sourceId: 's1' }, { jobId: 'article-a1' });
  await start({ host: '127.0.0.1', adminPassword: PASSWORD });

  for (const authorization of [undefined, basic('admin', 'wrong'), basic('admin', `${PASSWORD} `), basic('root', PASSWORD), 'Bearer x']) {
    const refused = await get('/admin/queues', authorization);
    expect([authorization, refused.status]).toEqual([authorization, 401]);
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="exilewatch"');
    expect(refused.body).not.toContain('<html');
  }
  // Everything under the path is behind the password, the API and the UI's files too.
  expect((await get('/admin/queues/api/queues')).status).toBe(401);
  expect((await get('/admin/queues/static/favicon-32x32.png')).status).toBe(401);

  const auth = basic('admin', PASSWORD);
  const page = await get('/admin/queues', auth);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(page.body).toContain('exilewatch queues');
  expect(page.body).toContain('<base href="/admin/queues/"');
  expect(page.headers.get('x-powered-by')).toBeNull();
  // The page names fonts on a third-party server; the policy keeps the browser from asking it.
  expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; style-src 'self' 'unsafe-inline';/);
  expect((await get('/admin/queues/', auth)).status).toBe(200);

  const api = await get('/admin/queues/api/queues', auth);
  expect(api.status).toBe(200);
  const listed = (JSON.parse(api.body) as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number> }> }).queues;
  expect(listed.map((q) => q.name).sort()).toEqual(['article', 'deliver', 'digest', 'poll', 'replay']);
  expect(listed.every((q) => q.readOnlyMode)).toBe(true);
  expect(listed.find((q) => q.name === 'article')!.counts.waiting).toBe(1);

  // Read-only twice over: the server takes no method but GET and HEAD, whatever Bull Board would allow.
  expect((await get('/admin/queues/api/queues/pause', auth, 'PUT')).status).toBe(405);
  expect((await get('/admin/queues/api/queues/article/empty', auth, 'PUT')).status).toBe(405);
  expect(await queues.article.getJobCountByTypes('waiting')).toBe(1);

  expect((await get('/admin/queues/nothing/here', auth)).status).toBe(404);
  expect((await get('/admin/queuesx', auth)).status).toBe(404);
  expect(logged).toContain('queue dashboard on');
  expect(logged).not.toContain(PASSWORD);
  expect(logged).not.toContain(auth.slice(6));
});

test('without ADMIN_PASSWORD there is no dashboard: /admin/queues is an unknown path', async () => {
  await start({ host: '127.0.0.1' });
  for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
    const res = await get(path, basic('admin', PASSWORD));
    expect([path, res.status, res.headers.get('www-authenticate')]).toEqual([path, 404, null]);
  }
  expect((await get('/nowhere')).body).toBe((await get('/admin/queues')).body);
  expect(logged).not.toContain('queue dashboard');
});

test('off loopback a short password keeps the dashboard off in one error line; a long one opens it with a warning', async () => {
  await start({ host: '0.0.0.0', adminPassword: 'short-pass' });
  expect((await get('/admin/queues', basic('admin', 'short-pass'))).status).toBe(404);
  const lines = logged.split('\n').filter((l) => l.includes('queue dashboard'));
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, host: '0.0.0.0', msg: expect.stringContaining('16 characters or more') as unknown });
  expect(logged).not.toContain('short-pass');
  await server!.close();

  logged = '';
  await start({ host: '0.0.0.0', adminPassword: PASSWORD });
  expect((await get('/admin/queues/api/queues', basic('admin', PASSWORD))).status).toBe(200);
  const levels = logged
    .split('\n')
    .filter((l) => l.includes('queue dashboard'))
    .map((l) => (JSON.parse(l) as { level: number }).level);
  expect(levels).toEqual([40, 30]);
});

test('the worker loads Bull Board only when the dashboard is turned on', () => {
  // A fresh node process on the built code: jest's own module registry would hide what a worker loads.
  const script = (password: string | undefined) => `
    const { openDashboard } = require('./dist/src/ops/open-dashboard.js');
    require('./dist/src/worker/run.js');
    const log = { info() {}, warn() {}, error() {} };
    const queues = {};
    openDashboard({ host: '127.0.0.1'${password ? `, adminPassword: '${password}'` : ''} }, queues, log);
    const loaded = Object.keys(require.cache).filter((p) => /[\\\\/]node_modules[\\\\/](@bull-board|express)[\\\\/]/.test(p));
    process.stdout.write(String(loaded.length));`;
  const run = (password?: string) => spawnSync(process.execPath, ['-e', script(password)], { cwd: ROOT, encoding: 'utf8', timeout: 20000 });
  const off = run();
  expect(off.stderr).toBe('');
  expect(off.stdout).toBe('0');
  const on = run(PASSWORD);
  expect(on.stderr).toBe('');
  expect(Number(on.stdout)).toBeGreaterThan(0);
});
