import type { ConnectionOptions } from 'node:tls';
import nodemailer from 'nodemailer';
import type { RenderedEmail } from '../render/email-message';
import { DeliveryError } from './delivery-error';

export interface MailerOptions {
  /** smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps://… (TLS from the start, port 465). */
  smtpUrl: string;
  from: string;
  replyTo?: string;
  /** Refuse to send over a connection STARTTLS did not encrypt. */
  requireTLS?: boolean;
  /** TLS settings, e.g. the CA of a relay with a private certificate. */
  tls?: ConnectionOptions;
  timeouts?: { connectMs?: number; greetingMs?: number; socketMs?: number };
}

export interface OutgoingEmail extends RenderedEmail {
  to: readonly string[];
}

export interface SentEmail {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while accepting others: the message went out, these did not get it. */
  rejected: string[];
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<SentEmail>;
  /** Connects and authenticates without sending: a start-up check of SMTP_URL. */
  verify(): Promise<void>;
  close(): void;
}

const TIMEOUT_DEFAULTS = { connectMs: 15_000, greetingMs: 15_000, socketMs: 60_000 };

/** The subset of Nodemailer's error fields that classification reads. */
interface SmtpFailure {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  message?: string;
}

/**
 * The email channel: one SMTP transport, built from a URL passed in (never read from the environment).
 * Errors are DeliveryErrors on channel 'email' that name the server by host and port only, never the
 * credentials the URL carries.
 */
export function createMailer(opts: MailerOptions): Mailer {
  const server = smtpServer(opts.smtpUrl);
  const timeouts = { ...TIMEOUT_DEFAULTS, ...opts.timeouts };
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    ...(opts.requireTLS ? { requireTLS: true } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
  });
  return {
    async send(message) {
      if (message.to.length === 0) throw new DeliveryError('email', 'no recipients on the route', { permanent: true, code: 'EENVELOPE' });
      try {
        const info = await transport.sendMail({
          from: opts.from,
          ...(opts.replyTo ? { replyTo: opts.replyTo } : {}),
          to: [...message.to],
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          ...(message.references ? { references: message.references } : {}),
          headers: message.headers,
        });
        return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
      } catch (err) {
        throw classifySmtpError(err, server);
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw classifySmtpError(err, server);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** host:port of the SMTP URL, for messages; throws a permanent DeliveryError when the URL is unusable. */
function smtpServer(smtpUrl: string): string {
  let u: URL;
  try {
    u = new URL(smtpUrl);
  } catch {
    throw new DeliveryError('email', 'SMTP URL is not a valid URL (expected smtp://host:port or smtps://host:port)', { permanent: true, code: 'ECONFIG' });
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    throw new DeliveryError('email', `SMTP URL must start with smtp:// or smtps://, not ${u.protocol}//`, { permanent: true, code: 'ECONFIG' });
  }
  return `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
}

// No SMTP reply, and the message or the settings are at fault: another attempt fails the same way.
const PERMANENT_CODES = new Set(['EENVELOPE', 'EAUTH', 'ENOAUTH', 'ECONFIG', 'EMESSAGE', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

/**
 * An SMTP reply decides when there is one: 5xx is permanent (a rejected address, a refused message), 4xx
 * is temporary (greylisting, a full mailbox, a busy server). Without a reply, a refused or dropped
 * connection, a timeout or a failed TLS handshake is temporary; a bad address, missing or wrong
 * credentials, or a bad setting is permanent.
 */
export function classifySmtpError(err: unknown, server: string): DeliveryError {
  const e = (err ?? {}) as SmtpFailure;
  const code = e.originalCode ?? e.code;
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    // Nodemailer 10 marks 503 (bad command sequence) as not permanent: a new connection may go through.
    const permanent = typeof e.permanent === 'boolean' ? e.permanent : e.responseCode >= 500 && e.responseCode !== 503;
    const reply = oneLine(e.response ?? e.message ?? '');
    return new DeliveryError('email', `${server} answered ${reply || e.responseCode}${permanent ? '' : '; will retry'}`, {
      permanent,
      status: e.responseCode,
      ...(code ? { code } : {}),
    });
  }
  const permanent = e.code !== undefined && PERMANENT_CODES.has(e.code);
  const what = permanent ? oneLine(e.message ?? 'rejected') : `could not deliver to ${server} (${code ?? 'unknown error'}): ${oneLine(e.message ?? '')}`;
  return new DeliveryError('email', what, { permanent, ...(code ? { code } : {}) });
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
