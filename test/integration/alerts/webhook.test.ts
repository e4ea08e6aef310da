import { DeliveryError } from '../../../src/alerts/channels/delivery-error';
import { postWebhook } from '../../../src/alerts/channels/webhook';
import { renderWebhookAlert, verifyWebhook, type WebhookAlertPayloadV1 } from '../../../src/alerts/render/webhook';
import { NOW, ROUTES, view } from '../../fixtures/alerts/views';
import { closedPort, startHttpReceiver, type HttpReceiver } from './servers';

const SECRET = ROUTES.webhook.secret;

describe('postWebhook against a local receiver', () => {
  let receiver: HttpReceiver;

  beforeEach(async () => {
    receiver = await startHttpReceiver([{ status: 202 }]);
  });
  afterEach(async () => {
    await receiver.close();
  });

  test('sends the v1 payload, signed, with the delivery id as Idempotency-Key', async () => {
    const rendered = renderWebhookAlert(view(ROUTES.webhook), { now: NOW, attempt: 1 });
    const result = await postWebhook(receiver.url('/hooks/exilewatch'), SECRET, rendered);
    expect(result.status).toBe(202);

    const req = receiver.received[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['idempotency-key']).toBe('a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.partner');
    expect(req.headers['x-exilewatch-timestamp']).toMatch(/^\d{10}$/);
    expect(req.headers['x-exilewatch-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    // What a receiver does: verify the raw body, then parse it.
    expect(verifyWebhook(SECRET, req.headers, req.body)).toBe(true);
    expect(verifyWebhook('some-other-secret-value', req.headers, req.body)).toBe(false);
    expect(verifyWebhook(SECRET, req.headers, req.body.replace('"high"', '"low"'))).toBe(false);

    const payload = JSON.parse(req.body) as WebhookAlertPayloadV1;
    expect(payload).toEqual(rendered.payload);
    expect(payload.alert.evidence[0]!.text).toContain('<script>alert(1)</script>');
    // JSON carries the text as text; nothing in it can end the JSON string early.
    expect(JSON.parse(req.body)).toMatchObject({ version: 1, type: 'alert' });
    expect(req.body).not.toContain(SECRET);
  });

  test('a retry carries the same Idempotency-Key and a fresh signature', async () => {
    const first = renderWebhookAlert(view(ROUTES.webhook), { now: NOW, attempt: 1 });
    const second = renderWebhookAlert(view(ROUTES.webhook), { now: NOW, attempt: 2 });
    const t0 = Date.parse('2024-03-13T07:00:00Z');
    await postWebhook(receiver.url('/'), SECRET, first, { now: () => t0 });
    await postWebhook(receiver.url('/'), SECRET, second, { now: () => t0 + 3_600_000 });
    const [a, b] = receiver.received;
    expect(a!.headers['idempotency-key']).toBe(b!.headers['idempotency-key']);
    expect(Number(b!.headers['x-exilewatch-timestamp']) - Number(a!.headers['x-exilewatch-timestamp'])).toBe(3600);
    expect(verifyWebhook(SECRET, b!.headers, b!.body, 300, t0 + 3_600_000)).toBe(true);
    expect(verifyWebhook(SECRET, a!.headers, a!.body, 300, t0 + 3_600_000)).toBe(false);
  });

  test('a redacted route sends the redacted payload', async () => {
    await postWebhook(receiver.url('/'), SECRET, renderWebhookAlert(view({ ...ROUTES.webhook, redact: true }), { now: NOW }));
    const body = receiver.received[0]!.body.replace(/https:\/\/news\.example\.org\/[^"]*/, 'URL');
    expect(body).not.toMatch(/Dana|Veltri|dana-veltri|Border police/);
    expect(JSON.parse(body)).toMatchObject({ alert: { redacted: true, person: { caseCode: 'DV-01' } } });
  });

  async function failure(): Promise<DeliveryError> {
    const err = await postWebhook(receiver.url('/'), SECRET, renderWebhookAlert(view(ROUTES.webhook), { now: NOW }), { timeoutMs: 3000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeliveryError);
    const e = err as DeliveryError;
    expect(e.channel).toBe('webhook');
    expect(e.message).not.toContain(SECRET);
    return e;
  }

  test('429 with Retry-After as an HTTP date is retryable after that long', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    receiver.answers = [{ status: 429, headers: { 'retry-after': at } }];
    const e = await failure();
    expect(e).toMatchObject({ permanent: false, status: 429 });
    expect(e.retryAfterMs).toBeGreaterThan(100_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  test('429 without Retry-After is retryable, with no wait given', async () => {
    receiver.answers = [{ status: 429 }];
    const e = await failure();
    expect(e).toMatchObject({ permanent: false, status: 429 });
    expect(e.retryAfterMs).toBeUndefined();
  });

  test.each([500, 502, 503])('%i is retryable', async (status) => {
    receiver.answers = [{ status }];
    expect(await failure()).toMatchObject({ permanent: false, status });
  });

  test.each([400, 401, 404, 422])('%i is permanent', async (status) => {
    receiver.answers = [{ status }];
    expect(await failure()).toMatchObject({ permanent: true, status });
  });
});

test('a receiver that is down is retryable', async () => {
  const port = await closedPort();
  const err = await postWebhook(`http://127.0.0.1:${port}/hook`, SECRET, renderWebhookAlert(view(ROUTES.webhook), { now: NOW })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  expect(err).toMatchObject({ channel: 'webhook', permanent: false, code: 'ECONNREFUSED' });
});
