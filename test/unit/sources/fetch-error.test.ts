import { classifyError, FetchError, type FetchErrorKind } from '../../../src/sources/fetch-error';

function errno(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  test.each<[string, unknown, FetchErrorKind, boolean]>([
    ['unknown host', errno('ENOTFOUND', 'getaddrinfo ENOTFOUND feeds.example.org'), 'dns', true],
    ['resolver down', errno('EAI_AGAIN'), 'dns', true],
    ['refused', errno('ECONNREFUSED', 'connect ECONNREFUSED 203.0.113.5:443'), 'connect', true],
    ['reset', errno('ECONNRESET'), 'connect', true],
    ['expired certificate', errno('CERT_HAS_EXPIRED'), 'tls', false],
    ['self-signed certificate', errno('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls', false],
    ['unknown issuer', errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tls', false],
    ['wrong host name', errno('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', false],
    ['connect timeout', errno('UND_ERR_CONNECT_TIMEOUT'), 'timeout', true],
    ['headers timeout', errno('UND_ERR_HEADERS_TIMEOUT'), 'timeout', true],
    ['body timeout', errno('UND_ERR_BODY_TIMEOUT'), 'timeout', true],
    ['socket closed', errno('UND_ERR_SOCKET'), 'connect', true],
    ['corrupt gzip', errno('Z_DATA_ERROR'), 'decode', false],
    ['corrupt brotli', errno('ERR__ERROR_FORMAT_PADDING_1'), 'decode', false],
    ['abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'timeout', true],
  ])('%s', (_name, err, kind, retryable) => {
    const e = classifyError(err, 'https://feeds.example.org/rss');
    expect(e).toBeInstanceOf(FetchError);
    expect(e.kind).toBe(kind);
    expect(e.retryable).toBe(retryable);
    expect(e.url).toBe('https://feeds.example.org/rss');
    expect(e.message).not.toContain('\n');
  });

  test('the real cause is found inside a wrapping error', () => {
    const wrapped = new TypeError('fetch failed', { cause: errno('ENOTFOUND') });
    expect(classifyError(wrapped).kind).toBe('dns');
  });

  test('a FetchError anywhere in the chain is kept as it is', () => {
    const inner = new FetchError('blocked-address', 'refused to connect to 10.0.0.1');
    const e = classifyError(new Error('socket error', { cause: inner }), 'http://a.example/');
    expect(e.kind).toBe('blocked-address');
    expect(e.message).toBe('refused to connect to 10.0.0.1');
    expect(e.url).toBe('http://a.example/');
  });

  test('an unrecognised error becomes a retryable connection failure with a one-line message', () => {
    const e = classifyError(new Error('something odd\nwith a second line'));
    expect(e.kind).toBe('connect');
    expect(e.retryable).toBe(true);
    expect(e.message).toBe('request failed: something odd');
  });

  test('the message names the host, not the whole URL', () => {
    const e = classifyError(errno('ECONNREFUSED'), 'https://feeds.example.org/private/path?token=1');
    expect(e.message).toBe('connection failed (feeds.example.org): ECONNREFUSED');
  });
});

describe('FetchError', () => {
  test.each<[FetchErrorKind, boolean]>([
    ['invalid-url', false],
    ['blocked-address', false],
    ['dns', true],
    ['timeout', true],
    ['rate-limited', true],
    ['too-large', false],
    ['too-many-redirects', false],
    ['not-a-feed', false],
    ['parse', false],
  ])('%s is retryable: %s', (kind, retryable) => {
    expect(new FetchError(kind, 'x').retryable).toBe(retryable);
  });

  test('carries status, Retry-After and an explicit retryable', () => {
    const e = new FetchError('http-status', 'HTTP 502 Bad Gateway', { status: 502, retryable: true });
    expect(e).toMatchObject({ kind: 'http-status', status: 502, retryable: true, name: 'FetchError' });
    const r = new FetchError('rate-limited', 'HTTP 429', { status: 429, retryAfterMs: 120_000 });
    expect(r.withUrl('https://x.example/').retryAfterMs).toBe(120_000);
  });
});
