import { DeliveryError } from '../../../src/alerts/channels/delivery-error';
import { postToSlack } from '../../../src/alerts/channels/slack';
import { renderSlackAlert, type SlackMessage } from '../../../src/alerts/render/slack';
import { NOW, ROUTES, view } from '../../fixtures/alerts/views';
import { closedPort, startHttpReceiver, type HttpReceiver } from './servers';

/** Stands in for hooks.slack.com: the path plays the part of the webhook's secret. */
const HOOK_PATH = '/services/T000/B000/very-secret-token';

describe('postToSlack against a local stand-in for Slack', () => {
  let slack: HttpReceiver;
  const message = renderSlackAlert(view(ROUTES.slack), { now: NOW });

  beforeEach(async () => {
    slack = await startHttpReceiver();
  });
  afterEach(async () => {
    await slack.close();
  });

  async function failure(): Promise<DeliveryError> {
    const err = await postToSlack(slack.url(HOOK_PATH), message, { timeoutMs: 3000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    const e = err as DeliveryError;
    expect(e.channel).toBe('slack');
    expect(e.message).not.toContain('very-secret-token');
    return e;
  }

  test('posts the Block Kit message as JSON, with hostile text escaped', async () => {
    await postToSlack(slack.url(HOOK_PATH), message);
    expect(slack.received).toHaveLength(1);
    const req = slack.received[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(HOOK_PATH);
    expect(req.headers['content-type']).toBe('application/json');
    const got = JSON.parse(req.body) as SlackMessage;
    expect(got).toEqual(message);
    expect(req.body).not.toContain('<!channel>');
    expect(req.body).not.toContain('<http://evil.example|click>');
    expect(req.body).toContain('&lt;!channel&gt;');
    expect(got.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':red_circle: HIGH · Dana Veltri · detention · Thailand', emoji: true },
    });
  });

  test('429 with Retry-After is retryable after that long', async () => {
    slack.answers = [{ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' }];
    const e = await failure();
    expect(e).toMatchObject({ permanent: false, status: 429, retryAfterMs: 30_000 });
    expect(e.message).toContain('retry after 30 s');
  });

  test('500 is retryable', async () => {
    slack.answers = [{ status: 500, body: 'rollup_error' }];
    expect(await failure()).toMatchObject({ permanent: false, status: 500 });
  });

  test('408 is retryable', async () => {
    slack.answers = [{ status: 408 }];
    expect(await failure()).toMatchObject({ permanent: false, status: 408 });
  });

  test.each([
    [400, 'invalid_payload'],
    [403, 'action_prohibited'],
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
  ])('%i is permanent, and says what Slack said', async (status, code) => {
    slack.answers = [{ status, body: code }];
    const e = await failure();
    expect(e).toMatchObject({ permanent: true, status });
    expect(e.message).toContain(`(${code})`);
  });

  test('a redirect is not followed, and is permanent', async () => {
    slack.answers = [{ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } }];
    const e = await failure();
    expect(e).toMatchObject({ permanent: true, status: 301 });
    expect(slack.received).toHaveLength(1);
  });

  test('a long error page is not copied into the message', async () => {
    slack.answers = [{ status: 400, body: `<html>${'x'.repeat(100_000)} Dana Veltri</html>` }];
    const e = await failure();
    expect(e.message.length).toBeLessThan(300);
    expect(e.message).not.toContain('Dana');
  });

  test('no answer in time is retryable', async () => {
    slack.answers = [{ status: 200, delayMs: 2000 }];
    const err = await postToSlack(slack.url(HOOK_PATH), message, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ channel: 'slack', permanent: false, code: 'timeout' });
  });
});

test('Slack unreachable (connection refused) is retryable', async () => {
  const port = await closedPort();
  const err = await postToSlack(`http://127.0.0.1:${port}${HOOK_PATH}`, renderSlackAlert(view(ROUTES.slack), { now: NOW })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  expect(err).toMatchObject({ channel: 'slack', permanent: false, code: 'ECONNREFUSED' });
  expect((err as Error).message).not.toContain('very-secret-token');
});
