import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Exilewatch-Timestamp';
export const SIGNATURE_HEADER = 'X-Exilewatch-Signature';
export const DEFAULT_TOLERANCE_SEC = 300;

/**
 * `v1=` and the hex HMAC-SHA256, keyed with the route's secret, of `${timestamp}.${body}`. The timestamp
 * (Unix seconds) is signed with the body so a captured request cannot be replayed later; the version
 * prefix lets a future scheme be sent beside this one while receivers migrate.
 */
export function signWebhook(secret: string, timestamp: number | string, body: string | Buffer): string {
  return `v1=${hmacHex(secret, String(timestamp), body)}`;
}

function hmacHex(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(',');
  }
  return undefined;
}

export type SignatureProblem = 'missing-timestamp' | 'bad-timestamp' | 'too-old-or-too-new' | 'missing-signature' | 'mismatch';

/**
 * What is wrong with a received webhook's signature, or undefined when it is genuine: signed with this
 * secret over exactly this body, with a timestamp within `toleranceSec` of now. The body must be the raw
 * bytes received, before any JSON parsing.
 */
export function webhookSignatureProblem(
  secret: string,
  headers: HeaderBag,
  body: string | Buffer,
  toleranceSec = DEFAULT_TOLERANCE_SEC,
  now = Date.now(),
): SignatureProblem | undefined {
  const timestamp = header(headers, TIMESTAMP_HEADER)?.trim();
  if (!timestamp) return 'missing-timestamp';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad-timestamp';
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSec) return 'too-old-or-too-new';
  const given = (header(headers, SIGNATURE_HEADER) ?? '')
    .split(/[\s,]+/)
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3));
  if (given.length === 0) return 'missing-signature';
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'utf8');
  // Compare every candidate in constant time; several are sent while a secret is being rotated.
  let ok = false;
  for (const g of given) {
    const candidate = Buffer.from(g.toLowerCase(), 'utf8');
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) ok = true;
  }
  return ok ? undefined : 'mismatch';
}

/** true when the webhook is genuine and fresh; see webhookSignatureProblem for why one is not. */
export function verifyWebhook(secret: string, headers: HeaderBag, body: string | Buffer, toleranceSec = DEFAULT_TOLERANCE_SEC, now = Date.now()): boolean {
  return webhookSignatureProblem(secret, headers, body, toleranceSec, now) === undefined;
}
