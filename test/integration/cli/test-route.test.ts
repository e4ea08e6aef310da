// `exilewatch test-route`: the built command line sending through real receivers on 127.0.0.1 (an SMTP
// server, an HTTP server standing in for Slack and for a webhook receiver).
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../alerts/servers';
import { verifyWebhook } from '../../../src/alerts/webhook-signature';
import { WATCHLIST } from './placeholder';

let smtp: SmtpReceiver;
let hook: HttpReceiver;
let chat: HttpReceiver;
const SECRET = 'test-route-secret-0123456789';

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hook = await startHttpReceiver();
  chat = await startHttpReceiver();
});

afterAll(async () => {
  await Promise.all([smtp.close(), hook.close(), chat.close()]);
});

const env = (extra: Record<string, string> = {}) => ({
  SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
  HOOK_URL: hook.url('/hook'),
  HOOK_SECRET: SECRET,
  CHAT_WEBHOOK_URL: chat.url('/services/T0/B0/secret-path'),
  ...extra,
});
const testRoute = (route: string, extra: Record<string, string> = {}) => exilewatch(['test-route', route, '--watchlist', WATCHLIST], { env: env(extra) });

test('email: one marked message to the route, one line, exit 0', async () => {
  const r = await testRoute('desk');
  expect(r).toEqual({ code: 0, stdout: 'sent a test message through route desk (email to desk@example.org)\n', stderr: '' });
  expect(smtp.messages).toHaveLength(1);
  expect(smtp.messages[0]!.subject).toBe('[exilewatch test] route desk');
  expect(smtp.messages[0]!.text).toContain('exilewatch test message — no one is at risk');
  expect(smtp.envelopes[0]!.to).toEqual(['desk@example.org']);
});

test('a digest route gets the test message at once', async () => {
  const before = smtp.messages.length;
  expect((await testRoute('digest')).code).toBe(0);
  expect(smtp.messages).toHaveLength(before + 1);
});

test('email: SMTP authentication refused is one line with the server reply, exit 1', async () => {
  const r = await testRoute('desk', { SMTP_URL: `smtp://someone:wrong@127.0.0.1:${smtp.port}` });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^exilewatch: route desk \(email to desk@example\.org\) failed: email: .+\n$/);
  // The credentials in SMTP_URL never reach the output.
  expect(r.stderr).not.toContain('wrong');
});

test('email without SMTP_URL says so, exit 1', async () => {
  const r = await testRoute('desk', { SMTP_URL: '' });
  expect(r).toMatchObject({ code: 1, stderr: 'exilewatch: route desk (email to desk@example.org) failed: email: SMTP_URL is not set\n' });
});

test('webhook: a signed payload of type "test"', async () => {
  const r = await testRoute('hook');
  expect(r).toEqual({ code: 0, stdout: `sent a test message through route hook (webhook to ${new URL(hook.url()).host})\n`, stderr: '' });
  const got = hook.received.at(-1)!;
  const body = JSON.parse(got.body) as { version: number; type: string; message: string; delivery: { route: string; id: string } };
  expect(body).toMatchObject({ version: 1, type: 'test', message: 'exilewatch test message — no one is at risk', delivery: { route: 'hook' } });
  expect(got.headers['idempotency-key']).toBe(body.delivery.id);
  const verdict = verifyWebhook(SECRET, got.headers, got.body);
  expect(verdict).toBe(true);
});

test('webhook: a 404 is one line naming the status, exit 1', async () => {
  hook.answers = [{ status: 404, body: 'not found' }];
  const r = await testRoute('hook');
  hook.answers = [{ status: 200, body: 'ok' }];
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /^exilewatch: route hook \(webhook to 127\.0\.0\.1:\d+\) failed: webhook: POST to 127\.0\.0\.1:\d+: HTTP 404; not retried \(check the route in the watchlist\)\n$/,
  );
});

test('slack: the marked text, never the webhook path in the output', async () => {
  const r = await testRoute('chat');
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain('secret-path');
  const body = JSON.parse(chat.received.at(-1)!.body) as { text: string };
  expect(body.text).toBe('[exilewatch test] route chat: exilewatch test message — no one is at risk');
});

test('an unknown route gets a did-you-mean, exit 2; a disabled one names what it lacks', async () => {
  const unknown = await testRoute('dsk');
  expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'exilewatch: no route "dsk" in the watchlist (did you mean desk?)\n' });
  const disabled = await testRoute('hook', { HOOK_URL: '', HOOK_SECRET: '' });
  expect(disabled).toEqual({ code: 2, stdout: '', stderr: 'exilewatch: route hook (webhook) is disabled while HOOK_URL and HOOK_SECRET are not set\n' });
});
