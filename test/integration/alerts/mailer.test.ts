import { DeliveryError } from '../../../src/alerts/channels/delivery-error';
import { createMailer, type Mailer } from '../../../src/alerts/channels/mailer';
import { renderAlertEmail, renderDigestEmail } from '../../../src/alerts/render/email';
import { NOW, ROUTES, view } from '../../fixtures/alerts/views';
import { closedPort, startSmtpReceiver, type SmtpReceiver } from './servers';

const FROM = 'exilewatch <alerts@example.org>';
const DOMAIN = 'alerts.example.org';

describe('mailer against a real SMTP server', () => {
  let smtp: SmtpReceiver;
  let mailer: Mailer;

  beforeAll(async () => {
    smtp = await startSmtpReceiver({
      rejectRcpt: (address) =>
        address.startsWith('gone@')
          ? { code: 550, message: '5.1.1 no such user' }
          : address.startsWith('busy@')
            ? { code: 451, message: '4.7.1 try again later' }
            : undefined,
    });
    mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: FROM,
      replyTo: 'desk@example.org',
      timeouts: { connectMs: 5000, greetingMs: 5000, socketMs: 10000 },
    });
  });

  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  test('delivers subject, escaped HTML, text part, Message-ID and headers', async () => {
    const email = renderAlertEmail(view(), { now: NOW, messageIdDomain: DOMAIN });
    const sent = await mailer.send({ ...email, to: ['desk@example.org'] });
    expect(sent.accepted).toEqual(['desk@example.org']);
    expect(sent.rejected).toEqual([]);

    const got = smtp.messages.at(-1)!;
    expect(got.subject).toBe('[exilewatch] HIGH · Dana Veltri · detention · Thailand');
    expect(got.messageId).toBe('<alert-a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.desk@alerts.example.org>');
    expect(got.from?.value).toEqual([{ name: 'exilewatch', address: 'alerts@example.org' }]);
    expect(got.replyTo?.text).toBe('desk@example.org');
    expect(got.headers.get('auto-submitted')).toBe('auto-generated');
    expect(got.inReplyTo).toBeUndefined();

    const html = String(got.html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toMatch(/<mark style="[^"]*">detained<\/mark>/);
    expect(got.text).toContain('> Border police [detained] [Dana Veltri] at the airport in [Bangkok].');
    expect(got.text).toContain('Published: 14 hours ago · Tue 12 Mar 2024, 23:40 (GMT+7, Asia/Phnom_Penh)');
  });

  test('a follow-up carries In-Reply-To and References to the first alert on the route', async () => {
    const follow = view(ROUTES.email, { followUpOf: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' });
    follow.alert = { ...follow.alert, id: 'e'.repeat(32) };
    await mailer.send({ ...renderAlertEmail(follow, { now: NOW, messageIdDomain: DOMAIN }), to: ['desk@example.org'] });
    const got = smtp.messages.at(-1)!;
    expect(got.messageId).toBe(`<alert-${'e'.repeat(32)}.desk@alerts.example.org>`);
    expect(got.inReplyTo).toBe('<alert-a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.desk@alerts.example.org>');
    expect(got.references).toBe('<alert-a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.desk@alerts.example.org>');
  });

  test('a digest goes out the same way', async () => {
    const digest = renderDigestEmail([view(ROUTES.digest)], { route: ROUTES.digest, now: Date.parse('2024-03-13T07:00:00Z'), messageIdDomain: DOMAIN });
    await mailer.send({ ...digest, to: ['desk@example.org'] });
    const got = smtp.messages.at(-1)!;
    expect(got.subject).toBe('[exilewatch] Daily digest Wed 13 Mar · 1 alert · 1 HIGH');
    expect(got.messageId).toBe(digest.messageId);
  });

  test('550 for every recipient is a permanent DeliveryError', async () => {
    const before = smtp.messages.length;
    const err = await mailer.send({ ...renderAlertEmail(view(), { now: NOW }), to: ['gone@example.org'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ channel: 'email', permanent: true, status: 550 });
    expect((err as Error).message).toMatch(/^email: 127\.0\.0\.1:\d+ answered 550/);
    expect(smtp.messages.length).toBe(before);
  });

  test('451 is a retryable DeliveryError', async () => {
    const err = await mailer.send({ ...renderAlertEmail(view(), { now: NOW }), to: ['busy@example.org'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ channel: 'email', permanent: false, status: 451 });
  });

  test('one refused recipient among others: sent, and the refused one reported', async () => {
    const sent = await mailer.send({ ...renderAlertEmail(view(), { now: NOW }), to: ['desk@example.org', 'gone@example.org'] });
    expect(sent.accepted).toEqual(['desk@example.org']);
    expect(sent.rejected).toEqual(['gone@example.org']);
    expect(smtp.envelopes.at(-1)!.to).toEqual(['desk@example.org']);
  });
});

test('connection refused is a retryable DeliveryError that hides the credentials', async () => {
  const port = await closedPort();
  const mailer = createMailer({ smtpUrl: `smtp://user:hunter2@127.0.0.1:${port}`, from: FROM, timeouts: { connectMs: 3000 } });
  const err = await mailer.send({ ...renderAlertEmail(view(), { now: NOW }), to: ['desk@example.org'] }).catch((e: unknown) => e);
  mailer.close();
  expect(err).toBeInstanceOf(DeliveryError);
  expect(err).toMatchObject({ channel: 'email', permanent: false, code: 'ECONNREFUSED' });
  expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  expect((err as Error).message).not.toContain('hunter2');
});

test('smtps:// delivers over TLS (self-signed test certificate, trusted explicitly)', async () => {
  const smtp = await startSmtpReceiver({ secure: true });
  try {
    const mailer = createMailer({ smtpUrl: `smtps://127.0.0.1:${smtp.port}`, from: FROM, tls: { rejectUnauthorized: false } });
    await mailer.send({ ...renderAlertEmail(view(), { now: NOW }), to: ['desk@example.org'] });
    mailer.close();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toContain('[exilewatch] HIGH');

    // Without trusting it, the same certificate is refused: TLS is really checked.
    const strict = createMailer({ smtpUrl: `smtps://127.0.0.1:${smtp.port}`, from: FROM });
    const err = await strict.send({ ...renderAlertEmail(view(), { now: NOW }), to: ['desk@example.org'] }).catch((e: unknown) => e);
    strict.close();
    expect(err).toBeInstanceOf(DeliveryError);
    expect(smtp.messages).toHaveLength(1);
  } finally {
    await smtp.close();
  }
});
