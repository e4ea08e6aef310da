import { DeliveryError } from '../../../src/alerts/channels/delivery-error';
import { classifySmtpError, createMailer } from '../../../src/alerts/channels/mailer';
import { postToSlack } from '../../../src/alerts/channels/slack';
import { postWebhook } from '../../../src/alerts/channels/webhook';
import { alertMessageId, deliveryId, digestId } from '../../../src/alerts/delivery-id';

describe('classifySmtpError', () => {
  test.each([
    ['550 mailbox unavailable', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <x@example.org>: no such user', permanent: true }, true],
    ['552 message too big, no permanent flag', { code: 'EMESSAGE', responseCode: 552, response: '552 too big' }, true],
    ['451 greylisted', { code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1 try later', permanent: false }, false],
    ['421 closing', { code: 'EPROTOCOL', responseCode: 421, response: '421 shutting down' }, false],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503, response: '503 bad sequence' }, false],
    ['535 bad credentials', { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 auth failed' }, true],
    ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, false],
    ['timeout', { code: 'ETIMEDOUT', message: 'Connection timeout' }, false],
    ['TLS handshake', { code: 'ETLS', message: 'handshake failed' }, false],
    ['invalid address, no reply', { code: 'EENVELOPE', message: 'No recipients defined' }, true],
    ['missing credentials', { code: 'ENOAUTH', message: 'Missing credentials for "PLAIN"' }, true],
  ])('%s', (_name, err, permanent) => {
    const e = classifySmtpError(err, 'mail.example.org:587');
    expect(e).toBeInstanceOf(DeliveryError);
    expect(e.channel).toBe('email');
    expect(e.permanent).toBe(permanent);
    expect(e.message.startsWith('email: ')).toBe(true);
    expect(e.message).not.toContain('\n');
  });

  test('keeps the SMTP reply code as status', () => {
    expect(classifySmtpError({ responseCode: 550, response: '550 no' }, 'h:25').status).toBe(550);
  });
});

describe('channel clients refuse unusable settings at once, as permanent errors', () => {
  test('an SMTP URL that is not smtp:// or smtps://', () => {
    expect(() => createMailer({ smtpUrl: 'http://mail.example.org', from: 'a@example.org' })).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => createMailer({ smtpUrl: 'not a url', from: 'a@example.org' })).toThrow(DeliveryError);
  });

  test('an SMTP URL with credentials never shows them in errors', () => {
    try {
      createMailer({ smtpUrl: 'ftp://user:hunter2@mail.example.org', from: 'a@example.org' });
      throw new Error('expected a DeliveryError');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
      expect((err as DeliveryError).permanent).toBe(true);
    }
  });

  test('a Slack or webhook URL that is not http(s)', async () => {
    await expect(postToSlack('file:///etc/passwd', { text: 'x', blocks: [], unfurl_links: false, unfurl_media: false })).rejects.toMatchObject({
      channel: 'slack',
      permanent: true,
    });
    await expect(postWebhook('ftp://partner.example/x', 'secret-secret-secret', { body: '{}', deliveryId: 'd' })).rejects.toMatchObject({
      channel: 'webhook',
      permanent: true,
    });
  });

  test('a body over the size limit is not sent', async () => {
    await expect(
      postWebhook('http://127.0.0.1:9/x', 'secret-secret-secret', { body: 'x'.repeat(2048), deliveryId: 'd' }, { maxRequestBytes: 1024 }),
    ).rejects.toMatchObject({
      channel: 'webhook',
      permanent: true,
      code: 'too-large',
    });
  });
});

describe('delivery ids', () => {
  test('derived, never random', () => {
    expect(deliveryId('abc', 'desk')).toBe('abc.desk');
    expect(alertMessageId('abc', 'desk', 'example.org')).toBe('<alert-abc.desk@example.org>');
    expect(digestId('daily', ['b', 'a'])).toBe(digestId('daily', ['a', 'b']));
    expect(digestId('daily', ['a'])).not.toBe(digestId('daily', ['a', 'b']));
    // BullMQ forbids ':' in job ids; a delivery id may become one.
    expect(deliveryId('abc', 'desk')).not.toContain(':');
  });
});
