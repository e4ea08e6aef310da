import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { webhookSignatureProblem } from '../alerts/webhook-signature';

/*
 * Where the demo's alerts arrive: a mail server and a webhook receiver on 127.0.0.1, each handing what
 * it received to the demo before it answers, so that by the time a delivery counts as sent the demo
 * has shown it. smtp-server and mailparser are development dependencies (npm ci installs them): the
 * demo runs from a clone, and the worker's image has no use for a mail server.
 */

export interface Receiver {
  url: string;
  close(): Promise<void>;
}

export async function startSmtpReceiver(onMail: (mail: ParsedMail, to: string[]) => void): Promise<Receiver & { port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    // A plain local connection: no STARTTLS offered with a certificate nobody could check.
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'exilewatch demo mail server',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          onMail(
            mail,
            session.envelope.rcptTo.map((r) => r.address),
          );
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  // A client that drops its connection is an event, not a crash of the demo.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface WebhookRequest {
  payload: unknown;
  /** Why the signature is not genuine, or undefined when it is. */
  signatureProblem: string | undefined;
  idempotencyKey: string | undefined;
}

/**
 * A partner's webhook receiver, as docs/webhooks.md tells partners to write one: the signature is
 * checked over the raw body before anything else, and a request that fails the check is refused.
 */
export async function startWebhookReceiver(secret: string, onRequest: (r: WebhookRequest) => void): Promise<Receiver> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signatureProblem = webhookSignatureProblem(secret, req.headers, body);
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        payload = undefined;
      }
      const key = req.headers['idempotency-key'];
      onRequest({ payload, signatureProblem, idempotencyKey: Array.isArray(key) ? key[0] : key });
      const status = signatureProblem ? 401 : payload === undefined ? 400 : 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(signatureProblem ?? (status === 400 ? 'not JSON' : 'ok'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
