import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../../sources/retry-after';
import { VERSION } from '../../version';
import { DeliveryError } from './delivery-error';

export interface PostOptions {
  /** The whole request, connect to last byte of the answer. */
  timeoutMs?: number;
  /** Largest request body sent; a larger one is refused here rather than by the receiver. */
  maxRequestBytes?: number;
  /** For tests and proxies; undici's global dispatcher otherwise. */
  dispatcher?: Dispatcher;
  now?: () => number;
}

export const POST_DEFAULTS = { timeoutMs: 15_000, maxRequestBytes: 1024 * 1024 } as const;

// Only enough of an answer to explain a failure is read; a receiver cannot make us buffer megabytes.
const MAX_RESPONSE_BYTES = 16 * 1024;
// Longest wait honoured from Retry-After: past a day, the queue's own back-off is the better judge.
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * POSTs a JSON body and classifies the outcome the same way for every HTTP channel: 2xx delivered;
 * 429 retry after the server's Retry-After; 408, 5xx and network failures retry; any other answer
 * (4xx, or a redirect, which is not followed) is permanent until the configuration changes. Errors
 * name the host only: a Slack webhook URL's path is its secret.
 */
export async function postJson(
  channel: 'slack' | 'webhook',
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions = {},
): Promise<{ status: number }> {
  const target = parseTarget(channel, url);
  const bytes = Buffer.byteLength(body);
  const maxBytes = opts.maxRequestBytes ?? POST_DEFAULTS.maxRequestBytes;
  if (bytes > maxBytes) {
    throw new DeliveryError(channel, `message of ${bytes} bytes is over the ${maxBytes}-byte limit; not sent`, { permanent: true, code: 'too-large' });
  }
  const timeoutMs = opts.timeoutMs ?? POST_DEFAULTS.timeoutMs;
  const host = target.host;
  let res: Dispatcher.ResponseData;
  try {
    res = await request(target, {
      method: 'POST',
      headers: mergeHeaders({ 'content-type': 'application/json', 'user-agent': `exilewatch/${VERSION}` }, headers),
      body,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
  } catch (err) {
    const code = errorCode(err);
    const what = code === 'timeout' ? `no answer within ${timeoutMs} ms` : `could not reach the server (${code})`;
    throw new DeliveryError(channel, `POST to ${host}: ${what}`, { permanent: false, code });
  }
  const status = res.statusCode;
  const answer = await readSome(res.body);
  if (status >= 200 && status < 300) return { status };

  const detail = answerCode(answer);
  const said = `POST to ${host}: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  if (status === 429) {
    const header = res.headers['retry-after'];
    const wait = parseRetryAfter(Array.isArray(header) ? header[0] : header, (opts.now ?? Date.now)());
    const details = { permanent: false, status, code: 'rate-limited' };
    if (wait === undefined) throw new DeliveryError(channel, `${said}, rate limited`, details);
    const retryAfterMs = Math.min(wait, MAX_RETRY_AFTER_MS);
    throw new DeliveryError(channel, `${said}, rate limited; retry after ${Math.ceil(retryAfterMs / 1000)} s`, { ...details, retryAfterMs });
  }
  if (status === 408 || status >= 500) throw new DeliveryError(channel, `${said}; will retry`, { permanent: false, status, code: 'http-status' });
  const hint = status >= 300 && status < 400 ? 'redirects are not followed; put the final URL in the route' : 'check the route in the watchlist';
  throw new DeliveryError(channel, `${said}; not retried (${hint})`, { permanent: true, status, code: 'http-status' });
}

// Case-insensitive, so a caller's Content-Type replaces the default instead of being sent twice.
function mergeHeaders(defaults: Record<string, string>, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...defaults };
  for (const [name, value] of Object.entries(given)) out[name.toLowerCase()] = value;
  return out;
}

function parseTarget(channel: 'slack' | 'webhook', url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new DeliveryError(channel, 'the route URL is not a valid URL', { permanent: true, code: 'invalid-url' });
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new DeliveryError(channel, `the route URL must be http or https, not ${target.protocol}`, { permanent: true, code: 'invalid-url' });
  }
  return target;
}

function errorCode(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: { code?: unknown } } | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return code ?? 'network error';
}

async function readSome(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buf);
      size += buf.length;
      if (size >= MAX_RESPONSE_BYTES) break;
    }
  } catch {
    // A body cut short still lets the status decide.
  } finally {
    body.on('error', () => undefined);
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

/**
 * The receiver's answer when it is a short error code (Slack answers "invalid_payload",
 * "channel_not_found"…). Anything longer is left out: a receiver may echo the payload, names included,
 * and this message goes to the logs.
 */
function answerCode(answer: string): string | undefined {
  const text = answer.trim();
  return /^[A-Za-z0-9_.-]{1,64}$/.test(text) ? `(${text})` : undefined;
}
