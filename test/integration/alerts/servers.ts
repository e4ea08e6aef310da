import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from 'smtp-server';

/*
 * Real servers on 127.0.0.1 and a free port, started in the test process: an SMTP server that parses what
 * it receives, and an HTTP server standing in for Slack or a webhook receiver. Nothing leaves the machine.
 */

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status it was answered with. */
  status: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
  /** Answer only once this settles (to hold a request open across an event the test causes). */
  until?: Promise<void>;
}

export interface HttpReceiver {
  url(path?: string): string;
  received: Received[];
  /** The answers to give, in order; the last one is repeated. */
  answers: Answer[];
  close(): Promise<void>;
}

export async function startHttpReceiver(answers: Answer[] = [{ status: 200, body: 'ok' }], opts: { port?: number } = {}): Promise<HttpReceiver> {
  const received: Received[] = [];
  const state = { answers };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = state.answers[Math.min(received.length, state.answers.length - 1)] ?? { status: 200 };
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: answer.status,
      });
      const reply = () => {
        res.writeHead(answer.status, answer.headers ?? { 'content-type': 'text/plain' });
        res.end(answer.body ?? '');
      };
      void (answer.until ?? Promise.resolve()).then(() => setTimeout(reply, answer.delayMs ?? 0));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    received,
    get answers() {
      return state.answers;
    },
    set answers(a: Answer[]) {
      state.answers = a;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SmtpReceiver {
  port: number;
  messages: ParsedMail[];
  envelopes: Array<{ from: string; to: string[] }>;
  close(): Promise<void>;
}

/**
 * An SMTP server that accepts anything (authentication optional), parses each message with mailparser,
 * and lets a test refuse recipients by returning an SMTP reply from `rejectRcpt`.
 */
export async function startSmtpReceiver(
  opts: { rejectRcpt?: (address: string) => { code: number; message: string } | undefined; secure?: boolean; port?: number } = {},
): Promise<SmtpReceiver> {
  const messages: ParsedMail[] = [];
  const envelopes: SmtpReceiver['envelopes'] = [];
  const options: SMTPServerOptions = {
    authOptional: true,
    secure: opts.secure ?? false,
    // Plain connections stay plain: the client is not offered STARTTLS with a certificate it cannot check.
    disabledCommands: opts.secure ? [] : ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = opts.rejectRcpt?.(address.address);
      if (!refusal) return callback();
      const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          envelopes.push({ from, to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  };
  const server = new SMTPServer(options);
  // A client that gives up mid-handshake (as the strict-TLS test's does) is an event, not a crash.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    envelopes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
