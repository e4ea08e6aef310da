/**
 * Everything that can go wrong between a source URL and a parsed feed, as one typed outcome. The kind
 * decides what the queue does next: retry soon, wait for the server's Retry-After, or give up until an
 * operator looks (see `retryable`).
 */
export type FetchErrorKind =
  | 'invalid-url'
  | 'blocked-address'
  | 'dns'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'http-status'
  | 'rate-limited'
  | 'too-large'
  | 'too-many-redirects'
  | 'not-a-feed'
  | 'parse'
  | 'decode';

// Failures a later attempt may not repeat. A blocked address, a page that is not a feed or a feed that
// does not parse will fail the same way until someone changes the config or the publisher fixes it.
const RETRYABLE_BY_DEFAULT: Record<FetchErrorKind, boolean> = {
  'invalid-url': false,
  'blocked-address': false,
  dns: true,
  connect: true,
  tls: false,
  timeout: true,
  'http-status': false,
  'rate-limited': true,
  'too-large': false,
  'too-many-redirects': false,
  'not-a-feed': false,
  parse: false,
  decode: false,
};

export interface FetchErrorDetails {
  status?: number;
  retryAfterMs?: number;
  retryable?: boolean;
  url?: string;
  cause?: unknown;
}

export class FetchError extends Error {
  override name = 'FetchError';
  readonly kind: FetchErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;
  /** The URL being fetched when it failed (after redirects), for the operator. */
  readonly url?: string;

  /** `message` is one line an operator can act on, e.g. "HTTP 404 Not Found". */
  constructor(kind: FetchErrorKind, message: string, details: FetchErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.url !== undefined) this.url = details.url;
    this.retryable = details.retryable ?? RETRYABLE_BY_DEFAULT[kind];
  }

  /** The same failure, attributed to a URL (errors raised deep inside a fetch do not know it). */
  withUrl(url: string): FetchError {
    if (this.url !== undefined) return this;
    const copy = new FetchError(this.kind, this.message, { ...this.details(), url, cause: this.cause });
    copy.stack = this.stack;
    return copy;
  }

  private details(): FetchErrorDetails {
    const d: FetchErrorDetails = { retryable: this.retryable };
    if (this.status !== undefined) d.status = this.status;
    if (this.retryAfterMs !== undefined) d.retryAfterMs = this.retryAfterMs;
    return d;
  }
}

export function isFetchError(err: unknown): err is FetchError {
  return err instanceof FetchError;
}

// Node's errno codes and undici's error codes, by what they mean to an operator.
const CODE_KINDS: Record<string, FetchErrorKind> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NODATA: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'connect',
  ECONNRESET: 'connect',
  ECONNABORTED: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EHOSTDOWN: 'connect',
  ENETDOWN: 'connect',
  EPIPE: 'connect',
  EPROTO: 'tls',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_SOCKET: 'connect',
  UND_ERR_CLOSED: 'connect',
  UND_ERR_DESTROYED: 'connect',
  UND_ERR_HEADERS_OVERFLOW: 'http-status',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'connect',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'too-large',
  UND_ERR_INVALID_ARG: 'invalid-url',
  ERR_INVALID_URL: 'invalid-url',
  Z_DATA_ERROR: 'decode',
  Z_BUF_ERROR: 'decode',
  ERR__ERROR_FORMAT_PADDING_1: 'decode',
};

const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_OSSL_)/;
const ZLIB_CODE = /^(Z_|ERR__ERROR_FORMAT|ERR_BROTLI|ERR_ZLIB)/;

const MESSAGES: Partial<Record<FetchErrorKind, string>> = {
  dns: 'DNS lookup failed',
  connect: 'connection failed',
  tls: 'TLS handshake failed',
  timeout: 'timed out',
  decode: 'could not decompress the response body',
};

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as ErrorLike | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Walks `cause` chains: undici wraps the socket error that says what really happened. */
function* causes(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e !== null && e !== undefined && !seen.has(e)) {
    seen.add(e);
    yield e;
    e = (e as ErrorLike).cause;
  }
}

/**
 * The one place where low-level errors (Node errno codes, undici's UND_ERR_*, TLS certificate codes,
 * zlib codes) become a FetchError. A FetchError anywhere in the cause chain is returned as it is.
 */
export function classifyError(err: unknown, url?: string): FetchError {
  for (const e of causes(err)) {
    if (e instanceof FetchError) return url === undefined ? e : e.withUrl(url);
  }
  for (const e of causes(err)) {
    const code = codeOf(e);
    if (code === undefined) continue;
    const kind = CODE_KINDS[code] ?? (TLS_CODE.test(code) ? 'tls' : ZLIB_CODE.test(code) ? 'decode' : undefined);
    if (kind !== undefined) return fromCode(kind, code, e, err, url);
  }
  const top = err as ErrorLike | null;
  const name = typeof top?.name === 'string' ? top.name : 'Error';
  const text = typeof top?.message === 'string' ? firstLine(top.message) : String(err);
  if (name === 'AbortError' || name === 'TimeoutError') return new FetchError('timeout', 'timed out', withUrl({ cause: err }, url));
  return new FetchError('connect', `request failed: ${text}`, withUrl({ cause: err, retryable: true }, url));
}

function fromCode(kind: FetchErrorKind, code: string, e: unknown, err: unknown, url: string | undefined): FetchError {
  const detail = (e as ErrorLike).message;
  const host = url === undefined ? '' : ` (${hostOf(url)})`;
  const base = MESSAGES[kind] ?? (typeof detail === 'string' ? firstLine(detail) : kind);
  const message = kind === 'tls' || kind === 'dns' || kind === 'connect' ? `${base}${host}: ${code}` : `${base}${host}`;
  return new FetchError(kind, message, withUrl({ cause: err }, url));
}

function withUrl(d: FetchErrorDetails, url: string | undefined): FetchErrorDetails {
  return url === undefined ? d : { ...d, url };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
