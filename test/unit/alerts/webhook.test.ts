import { createHmac } from 'node:crypto';
import { webhookHeaders } from '../../../src/alerts/channels/webhook';
import { renderWebhookAlert, renderWebhookDigest, signWebhook, verifyWebhook } from '../../../src/alerts/render/webhook';
import { webhookSignatureProblem } from '../../../src/alerts/webhook-signature';
import { DETAINED, ROUTES, view } from '../../fixtures/alerts/views';

const SECRET = ROUTES.webhook.secret;
const NOW = Date.parse('2024-03-13T07:00:00Z');

describe('renderWebhookAlert', () => {
  const { payload, body, deliveryId } = renderWebhookAlert(view(ROUTES.webhook), { now: NOW, attempt: 3 });

  test('version 1 alert payload, with every documented key', () => {
    expect(payload).toEqual({
      version: 1,
      type: 'alert',
      alert: {
        id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
        kind: 'article',
        rule: 'person-pursued',
        ruleDescription: 'A watched person and a warning signal in the same sentence.',
        severity: 'high',
        redacted: false,
        person: { id: 'dana-veltri', name: 'Dana Veltri', caseCode: 'DV-01' },
        signals: [{ id: 'arrest-detention', label: 'detention' }],
        contexts: [
          { id: 'thailand', label: 'Thailand', kind: 'country' },
          { id: 'press-union', label: 'Press Union', kind: 'organisation' },
        ],
        entries: ['dana-veltri', 'arrest-detention', 'thailand', 'press-union'],
        snippet: DETAINED.text,
        evidence: [DETAINED],
        detectedAt: '2024-03-12T17:00:00.000Z',
        followUpOf: null,
        actions: [],
      },
      article: {
        id: 'art-1',
        url: 'https://news.example.org/world/2024/dana-veltri-held?ref=rss&x=<y>',
        title: expect.stringContaining('Journalist Dana Veltri held') as unknown,
        sourceId: 'courier',
        sourceName: 'The Courier',
        publishedAt: '2024-03-12T16:40:00Z',
        ageSeconds: 14 * 3600 + 20 * 60,
        oldStory: false,
      },
      alsoReportedBy: [
        { sourceId: 'wire', url: 'https://wire.example.net/a', sourceName: null },
        { sourceId: 'bad-link', url: 'javascript:alert(3)', sourceName: null },
      ],
      delivery: { id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.partner', route: 'partner', attempt: 3 },
    });
    expect(JSON.parse(body)).toEqual(payload);
    expect(deliveryId).toBe('a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.partner');
  });

  test('the delivery id is the same on every attempt', () => {
    expect(renderWebhookAlert(view(ROUTES.webhook), { now: NOW, attempt: 1 }).deliveryId).toBe(deliveryId);
  });

  test('highlight offsets out of range are dropped', () => {
    const v = view(ROUTES.webhook);
    v.alert = {
      ...v.alert,
      evidence: [
        {
          field: 'content',
          text: 'abc',
          highlights: [
            { start: 1, end: 2, kind: 'signal' },
            { start: 2, end: 40, kind: 'person' },
          ],
        },
      ],
    };
    expect(renderWebhookAlert(v, { now: NOW }).payload.alert.evidence[0]!.highlights).toEqual([{ start: 1, end: 2, kind: 'signal' }]);
  });

  test('a redacted route gets the redacted payload', () => {
    const r = renderWebhookAlert(view({ ...ROUTES.webhook, redact: true }), { now: NOW });
    expect(r.payload.alert).toMatchObject({
      redacted: true,
      person: { caseCode: 'DV-01' },
      snippet: null,
      evidence: [],
      entries: ['DV-01', 'arrest-detention', 'thailand'],
    });
    expect(r.payload.article.title).toBeNull();
    const withoutUrl = r.body.replace(/https:\/\/news\.example\.org\/[^"]*/, 'URL');
    expect(withoutUrl).not.toMatch(/Dana|Veltri|dana-veltri|Border police|Press Union|press-union/);
  });
});

describe('renderWebhookDigest', () => {
  test('alerts in digest order, one delivery id for the digest', () => {
    const route = { ...ROUTES.webhook, mode: 'digest' as const };
    const low = view(route);
    low.alert = { ...low.alert, id: 'c'.repeat(32), severity: 'low' };
    const r = renderWebhookDigest([low, view(route)], { route, now: NOW });
    expect(r.payload.type).toBe('digest');
    expect(r.payload.alerts.map((a) => a.alert.severity)).toEqual(['high', 'low']);
    expect(r.payload.period).toEqual({ end: '2024-03-13T07:00:00.000Z', every: 'daily' });
    expect(r.deliveryId).toMatch(/^digest-partner-[0-9a-f]{16}$/);
    expect(r.payload.delivery.id).toBe(r.deliveryId);
  });
});

describe('signWebhook / verifyWebhook', () => {
  const body = renderWebhookAlert(view(ROUTES.webhook), { now: NOW }).body;
  const headers = webhookHeaders(SECRET, body, 'd-1', NOW);

  test('v1= and the hex HMAC-SHA256 of "timestamp.body"', () => {
    const expected = createHmac('sha256', SECRET).update(`1710313200.${body}`).digest('hex');
    expect(signWebhook(SECRET, 1710313200, body)).toBe(`v1=${expected}`);
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      'Idempotency-Key': 'd-1',
      'X-Exilewatch-Timestamp': '1710313200',
      'X-Exilewatch-Signature': `v1=${expected}`,
    });
  });

  test('verifies the genuine request, headers in any case', () => {
    expect(verifyWebhook(SECRET, headers, body, 300, NOW)).toBe(true);
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyWebhook(SECRET, lower, Buffer.from(body), 300, NOW + 60_000)).toBe(true);
    expect(verifyWebhook(SECRET, new Headers(headers), body, 300, NOW)).toBe(true);
  });

  test.each([
    ['a tampered body', () => [SECRET, headers, body.replace('high', 'low'), NOW], 'mismatch'],
    ['another secret', () => ['another-secret-of-sufficient-length', headers, body, NOW], 'mismatch'],
    ['an old timestamp', () => [SECRET, headers, body, NOW + 301_000], 'too-old-or-too-new'],
    ['a timestamp from the future', () => [SECRET, headers, body, NOW - 301_000], 'too-old-or-too-new'],
    ['a changed timestamp', () => [SECRET, { ...headers, 'X-Exilewatch-Timestamp': String(NOW / 1000 + 1) }, body, NOW], 'mismatch'],
    ['no signature', () => [SECRET, { ...headers, 'X-Exilewatch-Signature': '' }, body, NOW], 'missing-signature'],
    ['no timestamp', () => [SECRET, { 'X-Exilewatch-Signature': headers['X-Exilewatch-Signature']! }, body, NOW], 'missing-timestamp'],
    ['a truncated signature', () => [SECRET, { ...headers, 'X-Exilewatch-Signature': headers['X-Exilewatch-Signature']!.slice(0, 20) }, body, NOW], 'mismatch'],
  ] as const)('rejects %s', (_name, args, problem) => {
    const [secret, h, b, now] = args() as [string, Record<string, string>, string, number];
    expect(verifyWebhook(secret, h, b, 300, now)).toBe(false);
    expect(webhookSignatureProblem(secret, h, b, 300, now)).toBe(problem);
  });

  test('accepts any of several signatures, as sent while a secret is rotated', () => {
    const both = { ...headers, 'X-Exilewatch-Signature': `v1=${'0'.repeat(64)}, ${headers['X-Exilewatch-Signature']}` };
    expect(verifyWebhook(SECRET, both, body, 300, NOW)).toBe(true);
  });
});
