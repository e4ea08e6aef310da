export type Channel = 'email' | 'slack' | 'webhook';

export interface DeliveryErrorDetails {
  /** true: the same message will fail the same way (rejected address, bad URL, 4xx); do not retry. */
  permanent: boolean;
  /** The receiver asked to wait this long before the next attempt (HTTP 429 Retry-After). */
  retryAfterMs?: number;
  /** HTTP status or SMTP reply code, when the receiver answered. */
  status?: number;
  /** Machine-readable cause: an errno (ECONNREFUSED), a Nodemailer code (EENVELOPE), or timeout. */
  code?: string;
  cause?: unknown;
}

/**
 * A failed delivery, as the queue needs it: which channel, whether another attempt can succeed, and how
 * long to wait. The message is one line an operator can act on; it never holds a secret (no SMTP
 * credentials, no webhook URL path, no signing key).
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly channel: Channel;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly code?: string;

  constructor(channel: Channel, message: string, details: DeliveryErrorDetails) {
    super(`${channel}: ${message.replace(/\s+/g, ' ').trim()}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.channel = channel;
    this.permanent = details.permanent;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.status !== undefined) this.status = details.status;
    if (details.code !== undefined) this.code = details.code;
  }

  get retryable(): boolean {
    return !this.permanent;
  }
}
