import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { blockedAddressError, blockedRange, guardedLookup, metadataOnly, ipLiteral, type AddressPolicy, type LookupFunction } from './address-policy';
import { classifyError, FetchError } from './fetch-error';
import { readBody } from './read-body';
import { parseRetryAfter } from './retry-after';

export interface FetchTimeouts {
  /** TCP and TLS connection set-up. */
  connectMs?: number;
  /** From request sent to response headers, and the longest pause between body chunks. */
  headersMs?: number;
  /** The whole fetch, redirects and body included: a server dripping a byte a second still ends. */
  totalMs?: number;
}

export interface FetchOptions {
  /**
   * Hosts (host:port, as in a URL) that may be on loopback, private, link-local and other non-public
   * addresses: a local or test feed's own host. Any other host must be public; a cloud metadata
   * address is refused whatever this says.
   */
  privateHosts?: readonly string[];
  /** Validators from the previous fetch, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  timeouts?: FetchTimeouts;
  /** Largest body accepted, after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  accept?: string;
  /** DNS resolution, replaceable so the address policy can be tested without a resolver. */
  lookup?: LookupFunction;
  /**
   * Which addresses are refused when allowPrivateNetwork is off; defaults to everything but public
   * unicast (blockedRange). Replaceable to admit one internal host, or a test server, and no others.
   */
  addressPolicy?: AddressPolicy;
}

export interface FetchOk {
  kind: 'ok';
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  etag?: string;
  lastModified?: string;
  contentType?: string;
}

export interface FetchNotModified {
  kind: 'not-modified';
  url: string;
  /** Validators a 304 may carry (RFC 9110 §15.4.5), to be sent next time. */
  etag?: string;
  lastModified?: string;
}

export type FetchResult = FetchOk | FetchNotModified;

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5';
export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

const PROJECT_URL = 'https://github.com/exilewatch/exilewatch';

/** The User-Agent publishers see: who is fetching, and where to read about it. */
export function userAgentFor(version: string): string {
  return `exilewatch/${version} (+${PROJECT_URL})`;
}

/** The limits every fetch gets unless told otherwise; shaped as FetchOptions, so it can be spread into them. */
export const FETCH_DEFAULTS = {
  timeouts: { connectMs: 10_000, headersMs: 20_000, totalMs: 45_000 },
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: `exilewatch (+${PROJECT_URL})`,
} as const satisfies FetchOptions;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs a URL under the address policy and size and time limits, following redirects itself so that
 * every hop is checked. Resolves to the body or "not modified"; every failure is thrown as a classified
 * FetchError.
 */
export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const totalMs = options.timeouts?.totalMs ?? FETCH_DEFAULTS.timeouts.totalMs;
  const headersMs = options.timeouts?.headersMs ?? FETCH_DEFAULTS.timeouts.headersMs;
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const privateHosts = new Set(options.privateHosts ?? []);
  const strict = options.addressPolicy ?? blockedRange;
  // Each hop is judged by its own host: a redirect or an item link elsewhere is held to the strict policy.
  const policyFor = (target: URL): AddressPolicy => (privateHosts.has(target.host) ? metadataOnly : strict);
  const agents: Agent[] = [];
  const agentFor = (policy: AddressPolicy): Agent => {
    const agent = new Agent({
      connect: { timeout: options.timeouts?.connectMs ?? FETCH_DEFAULTS.timeouts.connectMs, lookup: guardedLookup(options.lookup, policy) },
      headersTimeout: headersMs,
      bodyTimeout: headersMs,
    });
    agents.push(agent);
    return agent;
  };
  const controller = new AbortController();
  const timeout = new FetchError('timeout', `no complete response within ${totalMs} ms`);
  const timer = setTimeout(() => controller.abort(timeout), totalMs);
  const headers = requestHeaders(options);

  let current = url;
  try {
    let target = checkTarget(url, policyFor);
    for (let hops = 0; ; hops++) {
      current = target.href;
      const res = await request(target, { dispatcher: agentFor(policyFor(target)), method: 'GET', headers, signal: controller.signal });
      const h = flatHeaders(res.headers);
      const location = h['location'];
      if (REDIRECTS.has(res.statusCode) && location !== undefined) {
        discard(res.body);
        if (hops >= maxRedirects) throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects`);
        target = checkTarget(resolveLocation(location, target), policyFor);
        continue;
      }
      if (res.statusCode === 304) {
        discard(res.body);
        const result: FetchNotModified = { kind: 'not-modified', url: current };
        if (h['etag'] !== undefined) result.etag = h['etag'];
        if (h['last-modified'] !== undefined) result.lastModified = h['last-modified'];
        return result;
      }
      if (res.statusCode < 200 || res.statusCode > 299) {
        discard(res.body);
        throw statusError(res.statusCode, h['retry-after']);
      }
      const declared = Number(h['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        discard(res.body);
        throw new FetchError('too-large', `Content-Length ${declared} is more than ${maxBytes} bytes`);
      }
      const body = await readBody(res.body, h['content-encoding'], maxBytes, controller.signal);
      return okResult(current, res.statusCode, h, body);
    }
  } catch (err) {
    throw classifyError(controller.signal.aborted ? timeout : err, current);
  } finally {
    clearTimeout(timer);
    await Promise.all(agents.map((a) => a.destroy().catch(() => undefined)));
  }
}

/**
 * Drops a response body that will not be read (redirects, errors, 304). Destroying it makes undici
 * emit an abort error on the stream, which nothing else listens for.
 */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function requestHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? FETCH_DEFAULTS.userAgent,
    accept: options.accept ?? FEED_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  // Validators are echoed from a server's earlier response: drop them if they could split a header.
  if (options.etag && !/[\r\n]/.test(options.etag)) headers['if-none-match'] = options.etag;
  if (options.lastModified && !/[\r\n]/.test(options.lastModified)) headers['if-modified-since'] = options.lastModified;
  return headers;
}

/**
 * Parses a URL about to be requested and applies the scheme rule, and the address policy to IP
 * literals (a literal is connected to without a lookup, so the guarded lookup never sees it).
 */
function checkTarget(text: string, policyFor: (target: URL) => AddressPolicy): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new FetchError('invalid-url', `not a valid URL: ${text.slice(0, 200)}`, { url: text });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new FetchError('invalid-url', `only http and https URLs are fetched, not ${u.protocol}`, { url: text });
  }
  const literal = ipLiteral(u.hostname);
  if (literal !== undefined) {
    const range = policyFor(u)(literal);
    if (range !== undefined) throw blockedAddressError(literal, literal, range).withUrl(u.href);
  }
  u.hash = '';
  return u;
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new FetchError('invalid-url', `redirect to an invalid URL: ${location.slice(0, 200)}`);
  }
}

function statusError(status: number, retryAfter: string | undefined): FetchError {
  const text = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return new FetchError('rate-limited', text, retryAfterMs === undefined ? { status } : { status, retryAfterMs });
  }
  return new FetchError('http-status', text, { status, retryable: status >= 500 || status === 408 });
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function okResult(url: string, status: number, headers: Record<string, string>, body: Buffer): FetchOk {
  const result: FetchOk = { kind: 'ok', url, status, headers, body };
  if (headers['etag'] !== undefined) result.etag = headers['etag'];
  if (headers['last-modified'] !== undefined) result.lastModified = headers['last-modified'];
  if (headers['content-type'] !== undefined) result.contentType = headers['content-type'];
  return result;
}
