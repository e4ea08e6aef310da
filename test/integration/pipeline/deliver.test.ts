// Delivery end to end: real Redis (from `npm test`), real BullMQ workers, a real SMTP server and a real
// HTTP webhook receiver, both started here on 127.0.0.1, and a local feed.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { digestMessageId } from '../../../src/alerts/delivery-id';
import { DEFAULT_MESSAGE_ID_DOMAIN } from '../../../src/alerts/render/email';
import { verifyWebhook } from '../../../src/alerts/webhook-signature';
import { readEnv } from '../../../src/config/env';
import { feedsSchema } from '../../../src/config/feeds-schema';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { createLogger } from '../../../src/util/logger';
import { runOnce } from '../../../src/worker/once';
import { Runtime } from '../../../src/worker/runtime';
import { rss, startLocalServer, type LocalServer } from '../../helpers/http-server';
import { dropPrefix, redisUrl } from '../../helpers/redis';

const SECRET = 'test-secret-0123456789';
const silent = createLogger('silent', pino.destination('/dev/null'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let mail: ParsedMail[];
let smtp: SMTPServer;
let smtpPort: number;
let web: LocalServer;
let runtime: Runtime | undefined;

beforeEach(async () => {
  mail = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => mail.push(m))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  web = await startLocalServer({
    '/feed.xml': () => ({
      body: rss([
        {
          title: 'Opposition deputy held at Kuala Lumpur airport',
          description: 'Malaysian officers detained Mu Sochua on Saturday. <script>alert(1)</script> & more',
          link: 'http://127.0.0.1/story',
        },
      ]),
    }),
  });
  // A receiver that fails three times, then accepts: the delivery must arrive once, signed the same way.
  let calls = 0;
  web.routes.set('/hook', () => {
    calls++;
    return calls <= 3 ? { status: 500, body: 'busy' } : { status: 200, body: 'ok' };
  });
});

afterEach(async () => {
  if (runtime) {
    await dropPrefix(runtime.conns);
    await runtime.stop();
    runtime = undefined;
  }
  await web.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function start(): Runtime {
  const vars = { PARTNER_WEBHOOK_URL: web.url('/hook'), PARTNER_WEBHOOK_SECRET: SECRET };
  const watchlist = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), vars);
  const env = { ...readEnv({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }), prefix: `exilewatch-test-${randomBytes(6).toString('hex')}` };
  const feeds = feedsSchema.parse({ version: 1, sources: [{ id: 'local', url: web.url('/feed.xml'), allowPrivateNetwork: true, fullText: false }] });
  const r = new Runtime({
    env,
    watchlist,
    feeds,
    redisUrl: redisUrl(),
    log: silent,
    jobOptions: { deliver: { attempts: 5, backoff: { type: 'fixed', delay: 200 } } },
  });
  r.startWorkers();
  runtime = r;
  return r;
}

test('an alert reaches the mail server and, after three failures, the webhook: once each', async () => {
  const r = start();
  const summary = await runOnce(r);
  expect(summary.alerts).toBe(1);
  // The webhook's first attempt fails; its retries may or may not be done by the time once looks.
  expect(summary.deliveries.failed).toBe(0);
  expect(summary.deliveries.sent + summary.deliveries.retrying).toBe(2);
  const deadline = Date.now() + 15000;
  while (web.requests.filter((q) => q.path === '/hook').length < 4 && Date.now() < deadline) await sleep(100);

  expect(mail).toHaveLength(1);
  const [email] = mail;
  expect(email!.subject).toMatch(/^\[exilewatch\] HIGH · Mu Sochua · /);
  expect(email!.html).not.toContain('<script>alert(1)</script>');
  expect(email!.text).toContain('Mu Sochua');
  expect(email!.messageId).toMatch(/@/);

  const calls = web.requests.filter((q) => q.path === '/hook');
  expect(calls).toHaveLength(4);
  const keys = new Set(calls.map((c) => c.headers['idempotency-key']));
  expect(keys.size).toBe(1);

  const [record] = await r.stores.alerts.list();
  expect(await r.stores.alerts.deliveries(record!.alert.id)).toEqual({
    'ngo-desk': expect.objectContaining({ state: 'sent' }) as unknown,
    'partner-webhook': expect.objectContaining({ state: 'sent', attempts: 4 }) as unknown,
  });

  // The same feed again: nothing new, nothing sent twice.
  const again = await runOnce(r);
  expect(again).toMatchObject({ articlesNew: 0, alerts: 0 });
  await sleep(300);
  expect(mail).toHaveLength(1);
  expect(web.requests.filter((q) => q.path === '/hook')).toHaveLength(4);
});

test('a delivery job run again after its send was recorded (its worker lost Redis before marking it done) sends nothing', async () => {
  web.routes.set('/hook', () => ({ status: 200 }));
  const r = start();
  await runOnce(r);
  const [record] = await r.stores.alerts.list();
  const id = record!.alert.id;
  expect((await r.stores.alerts.deliveries(id))['partner-webhook']?.state).toBe('sent');
  const before = web.requests.filter((q) => q.path === '/hook').length;
  // The same job again, as a survivor would take it over once the first one's lock lapsed.
  await r.queues.deliver.add('deliver', { alertId: id, routeId: 'partner-webhook' }, { jobId: `again-${id}` });
  const deadline = Date.now() + 10_000;
  while ((await r.queues.deliver.getJobState(`again-${id}`)) !== 'completed' && Date.now() < deadline) await sleep(100);
  expect(await r.queues.deliver.getJobState(`again-${id}`)).toBe('completed');
  expect(web.requests.filter((q) => q.path === '/hook')).toHaveLength(before);
  expect(mail).toHaveLength(1);
});

test('without SMTP_URL the email fails for good at once, and the signed webhook still goes out', async () => {
  web.routes.set('/hook', () => ({ status: 200 }));
  const vars = { PARTNER_WEBHOOK_URL: web.url('/hook'), PARTNER_WEBHOOK_SECRET: SECRET };
  const watchlist = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), vars);
  const env = { ...readEnv({}), prefix: `exilewatch-test-${randomBytes(6).toString('hex')}` };
  const feeds = feedsSchema.parse({ version: 1, sources: [{ id: 'local', url: web.url('/feed.xml'), allowPrivateNetwork: true, fullText: false }] });
  runtime = new Runtime({ env, watchlist, feeds, redisUrl: redisUrl(), log: silent });
  runtime.startWorkers();
  const summary = await runOnce(runtime);
  expect(summary.deliveries).toEqual({ sent: 1, retrying: 0, failed: 1 });
  const [record] = await runtime.stores.alerts.list();
  expect((await runtime.stores.alerts.deliveries(record!.alert.id))['ngo-desk']).toMatchObject({ state: 'failed', error: 'email: SMTP_URL is not set' });

  const [hook] = web.requests.filter((q) => q.path === '/hook');
  expect(verifyWebhook(SECRET, hook!.headers, hook!.body)).toBe(true);
  expect(verifyWebhook(SECRET, hook!.headers, hook!.body.replace('Sochua', 'Someone'))).toBe(false);
  expect(JSON.parse(hook!.body)).toMatchObject({ version: 1, type: 'alert' });
  expect(hook!.body).not.toContain('<script>');
});

test('a delivery is marked sending before it renders, so a later report of the story is not folded into it', async () => {
  // The receiver holds the request until released: the state is read while the send is in flight.
  let release: (() => void) | undefined;
  const held = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => (release = () => res.writeHead(200).end()));
  });
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(held.address() as AddressInfo).port}/hook`;
  try {
    const watchlist = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), {
      PARTNER_WEBHOOK_URL: url,
      PARTNER_WEBHOOK_SECRET: SECRET,
    });
    const env = { ...readEnv({}), prefix: `exilewatch-test-${randomBytes(6).toString('hex')}` };
    const feeds = feedsSchema.parse({ version: 1, sources: [{ id: 'local', url: web.url('/feed.xml'), allowPrivateNetwork: true, fullText: false }] });
    runtime = new Runtime({ env, watchlist, feeds, redisUrl: redisUrl(), log: silent });
    runtime.startWorkers();
    await runtime.queues.poll.add('poll', { sourceId: 'local', force: true }, { jobId: 'poll-local-sending' });
    const deadline = Date.now() + 15000;
    while (!release && Date.now() < deadline) await sleep(50);
    const [record] = await runtime.stores.alerts.list();
    expect((await runtime.stores.alerts.deliveries(record!.alert.id))['partner-webhook']).toMatchObject({ state: 'sending', attempts: 1 });
    release!();
    while ((await runtime.stores.alerts.deliveries(record!.alert.id))['partner-webhook']?.state !== 'sent' && Date.now() < deadline) await sleep(50);
    expect((await runtime.stores.alerts.deliveries(record!.alert.id))['partner-webhook']).toMatchObject({ state: 'sent', attempts: 1 });
  } finally {
    held.closeAllConnections();
    await new Promise<void>((resolve) => held.close(() => resolve()));
  }
});

test('a digest route collects its alerts and sends them in one email on its schedule', async () => {
  const r = start();
  await runOnce(r);
  // In the shipped watchlist only low and discovery rules name daily-digest; put this alert on it too.
  const [record] = await r.stores.alerts.list();
  await r.stores.digests.add('daily-digest', record!.alert.id, Date.now());
  const job = await r.queues.digest.add('digest', { routeId: 'daily-digest' });
  const deadline = Date.now() + 10000;
  while (!(await job.isCompleted()) && Date.now() < deadline) await sleep(100);
  expect(await job.isCompleted()).toBe(true);
  const digests = mail.filter((m) => /digest/i.test(m.subject ?? ''));
  expect(digests).toHaveLength(1);
  expect(digests[0]!.subject).toMatch(/^\[exilewatch\] Daily digest .* · 1 alert · 1 HIGH$/);
  expect(await r.stores.digests.pending('daily-digest', Date.now())).toEqual([]);
  expect((await r.stores.alerts.deliveries(record!.alert.id))['daily-digest']).toMatchObject({ state: 'sent' });

  // Nothing waiting: nothing sent.
  const empty = await r.queues.digest.add('digest', { routeId: 'daily-digest' });
  while (!(await empty.isCompleted()) && Date.now() < deadline + 5000) await sleep(100);
  expect(mail.filter((m) => /digest/i.test(m.subject ?? ''))).toHaveLength(1);
});

test('a digest retried after a crash mid-send sends the same batch under the same Message-ID', async () => {
  const r = start();
  await runOnce(r);
  const [record] = await r.stores.alerts.list();
  const later = { ...record!, alert: { ...record!.alert, id: `${record!.alert.id}-later` } };
  await r.stores.alerts.create(later);
  await r.stores.digests.add('daily-digest', record!.alert.id, Date.now() - 1000);
  // What a send that crashed after the channel accepted it leaves: its batch fixed, still waiting.
  expect(await r.stores.digests.batch('daily-digest', Date.now())).toEqual([record!.alert.id]);
  await r.stores.digests.add('daily-digest', later.alert.id, Date.now());
  const run = async () => {
    const job = await r.queues.digest.add('digest', { routeId: 'daily-digest' });
    const deadline = Date.now() + 10000;
    while (!(await job.isCompleted()) && Date.now() < deadline) await sleep(100);
    expect(await job.isCompleted()).toBe(true);
  };
  await run();
  await run();
  const digests = mail.filter((m) => /digest/i.test(m.subject ?? ''));
  expect(digests.map((m) => m.messageId)).toEqual([
    digestMessageId('daily-digest', [record!.alert.id], DEFAULT_MESSAGE_ID_DOMAIN),
    digestMessageId('daily-digest', [later.alert.id], DEFAULT_MESSAGE_ID_DOMAIN),
  ]);
  expect(await r.stores.digests.pending('daily-digest', Date.now())).toEqual([]);
});

test('posts to one Slack webhook are spaced about a second apart, across all workers', async () => {
  web.routes.set('/slack', () => ({ status: 200, body: 'ok' }));
  web.routes.set('/three.xml', () => ({
    body: rss([
      { title: 'Kem Sokha detained', description: 'Police detained Kem Sokha at his home in Phnom Penh.', link: 'http://127.0.0.1/k' },
      { title: 'Theary Seng arrested', description: 'Police arrested Theary Seng outside the court.', link: 'http://127.0.0.1/t' },
      { title: 'Sam Serey held', description: 'Thai police detained Sam Serey in Bangkok.', link: 'http://127.0.0.1/s' },
    ]),
  }));
  const vars = { SLACK_WEBHOOK_URL: web.url('/slack') };
  const watchlist = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), vars);
  const env = { ...readEnv({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }), prefix: `exilewatch-test-${randomBytes(6).toString('hex')}` };
  const feeds = feedsSchema.parse({ version: 1, sources: [{ id: 'local', url: web.url('/three.xml'), allowPrivateNetwork: true, fullText: false }] });
  runtime = new Runtime({ env, watchlist, feeds, redisUrl: redisUrl(), log: silent });
  runtime.startWorkers();
  const summary = await runOnce(runtime);
  expect(summary.alerts).toBe(3);
  const posts = web.requests.filter((q) => q.path === '/slack');
  expect(posts).toHaveLength(3);
  const gaps = posts.slice(1).map((p, i) => p.at - posts[i]!.at);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
  // The redacted Slack route carries case codes, never the names.
  expect(posts.map((p) => p.body).join('\n')).not.toMatch(/Kem Sokha|Theary Seng|Sam Serey/);
});
