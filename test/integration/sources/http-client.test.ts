import type { LookupAddress } from 'node:dns';
import type http from 'node:http';
import zlib from 'node:zlib';
import { blockedRange, type LookupFunction } from '../../../src/sources/address-policy';
import { fetchUrl, userAgentFor, type FetchOk, type FetchOptions } from '../../../src/sources/http-client';
import { startServer, type TestServer } from './test-server';
import { failure } from '../../helpers/failure';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Served</title></channel></rss>';
const timers = new Set<NodeJS.Timeout>();

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/feed':
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Tue, 14 May 2024 09:30:00 GMT' });
      return void res.end(FEED);
    case '/conditional':
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return void res.end();
      }
      res.writeHead(200, { etag: '"v1"', 'content-type': 'application/rss+xml' });
      return void res.end(FEED);
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' });
      return void res.end(zlib.gzipSync(FEED));
    case '/br':
      res.writeHead(200, { 'content-encoding': 'br', 'content-type': 'application/rss+xml' });
      return void res.end(zlib.brotliCompressSync(FEED));
    case '/deflate':
      res.writeHead(200, { 'content-encoding': 'deflate' });
      return void res.end(zlib.deflateSync(FEED));
    case '/bomb':
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' });
      return void res.end(GZIP_BOMB);
    case '/big':
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      return void res.write('<rss>');
    case '/endless':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void drip(res, 'x'.repeat(64 * 1024), 5);
    case '/slow-drip':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void drip(res, '<', 50);
    case '/never':
      return; // accepts the request, never answers
    case '/loop':
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    case '/relative-redirect':
      res.writeHead(301, { location: 'feed?from=redirect' });
      return void res.end();
    case '/to-metadata':
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      return void res.end();
    case '/to-private-name':
      res.writeHead(307, { location: 'http://internal.test/admin' });
      return void res.end();
    case '/to-file':
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return void res.end();
    case '/status': {
      const code = Number(url.searchParams.get('code'));
      const headers: http.OutgoingHttpHeaders = {};
      const retryAfter = url.searchParams.get('retry-after');
      if (retryAfter !== null) headers['retry-after'] = retryAfter;
      res.writeHead(code, headers);
      return void res.end('error page');
    }
    case '/echo-headers':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(req.headers));
    default:
      res.writeHead(404);
      res.end();
  }
}

/** Writes `chunk` every `ms` until the client goes away. */
function drip(res: http.ServerResponse, chunk: string, ms: number): void {
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      timers.delete(timer);
    } else res.write(chunk);
  }, ms);
  timers.add(timer);
}

// 64 MiB of zeros in about 64 KiB.
const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));

let server: TestServer;
beforeAll(async () => {
  server = await startServer(route);
});
afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await server.close();
});

// The test server is on loopback: allowed here, as a local feed's own host would be.
const local: FetchOptions = { addressPolicy: () => undefined, timeouts: { connectMs: 2000, headersMs: 2000, totalMs: 5000 } };

/** A resolver for made-up names, so no query leaves the machine. */
function fakeDns(table: Record<string, string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = table[hostname];
    if (address === undefined) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), options.all ? [] : '');
    if (options.all) return callback(null, [{ address, family: 4 } satisfies LookupAddress]);
    callback(null, address, 4);
  };
}

// Admits the test server and nothing else, so that the redirect targets below meet the real policy.
const onlyTestServer = (address: string): string | undefined => (address === '127.0.0.1' ? undefined : 'not the test server');

describe('fetchUrl against a local server', () => {
  test('a plain response: body, validators, content type, final URL', async () => {
    const r = (await fetchUrl(`${server.origin}/feed`, local)) as FetchOk;
    expect(r).toMatchObject({ kind: 'ok', status: 200, url: `${server.origin}/feed`, etag: '"v1"', lastModified: 'Tue, 14 May 2024 09:30:00 GMT' });
    expect(r.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(r.body.toString()).toBe(FEED);
  });

  test.each(['gzip', 'br', 'deflate'])('%s bodies are decompressed', async (path) => {
    const r = (await fetchUrl(`${server.origin}/${path}`, local)) as FetchOk;
    expect(r.body.toString()).toBe(FEED);
  });

  test('sends User-Agent, Accept and Accept-Encoding', async () => {
    const r = (await fetchUrl(`${server.origin}/echo-headers`, { ...local, userAgent: userAgentFor('9.9.9') })) as FetchOk;
    const headers = JSON.parse(r.body.toString()) as Record<string, string>;
    expect(headers['user-agent']).toBe('exilewatch/9.9.9 (+https://github.com/exilewatch/exilewatch)');
    expect(headers['accept']).toContain('application/rss+xml');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers['if-none-match']).toBeUndefined();
  });

  test('conditional GET: 304 is not-modified, with the validators it carries', async () => {
    expect(await fetchUrl(`${server.origin}/conditional`, { ...local, etag: '"v1"', lastModified: 'Tue, 14 May 2024 09:30:00 GMT' })).toEqual({
      kind: 'not-modified',
      url: `${server.origin}/conditional`,
      etag: '"v1"',
    });
    const sent = server.requests.filter((r) => r.path === '/conditional').at(-1);
    expect(sent?.headers['if-modified-since']).toBe('Tue, 14 May 2024 09:30:00 GMT');
    expect((await fetchUrl(`${server.origin}/conditional`, { ...local, etag: '"v0"' })).kind).toBe('ok');
  });

  test('a gzip bomb is stopped at maxBytes', async () => {
    const err = await failure(fetchUrl(`${server.origin}/bomb`, { ...local, maxBytes: 1024 * 1024 }));
    expect(err.kind).toBe('too-large');
    expect(err.retryable).toBe(false);
  });

  test('a declared Content-Length over the limit is refused before reading', async () => {
    const err = await failure(fetchUrl(`${server.origin}/big`, { ...local, maxBytes: 1024 * 1024 }));
    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('Content-Length');
  });

  test('an endless body is cut at maxBytes', async () => {
    expect((await failure(fetchUrl(`${server.origin}/endless`, { ...local, maxBytes: 256 * 1024 }))).kind).toBe('too-large');
  });

  test('a slow-drip body hits the total timeout', async () => {
    const err = await failure(fetchUrl(`${server.origin}/slow-drip`, { ...local, timeouts: { headersMs: 2000, totalMs: 600 } }));
    expect(err.kind).toBe('timeout');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('600 ms');
  });

  test('a server that never answers hits the headers timeout', async () => {
    const err = await failure(fetchUrl(`${server.origin}/never`, { ...local, timeouts: { headersMs: 300, totalMs: 5000 } }));
    expect(err.kind).toBe('timeout');
  });

  test('an endless redirect loop stops at maxRedirects', async () => {
    const before = server.requests.filter((r) => r.path === '/loop').length;
    const err = await failure(fetchUrl(`${server.origin}/loop`, { ...local, maxRedirects: 3 }));
    expect(err.kind).toBe('too-many-redirects');
    expect(server.requests.filter((r) => r.path === '/loop').length - before).toBe(4);
  });

  test('a relative redirect is followed to its final URL', async () => {
    const r = (await fetchUrl(`${server.origin}/relative-redirect`, local)) as FetchOk;
    expect(r.url).toBe(`${server.origin}/feed?from=redirect`);
    expect(r.body.toString()).toBe(FEED);
  });

  test('a redirect to another scheme is refused', async () => {
    expect((await failure(fetchUrl(`${server.origin}/to-file`, local))).kind).toBe('invalid-url');
  });

  test.each<[string, number, string | null, string, number | undefined, boolean]>([
    ['429 with Retry-After seconds', 429, '120', 'rate-limited', 120_000, true],
    ['503 with Retry-After date', 503, new Date(Date.now() + 3_600_000).toUTCString(), 'rate-limited', 3_600_000, true],
    ['429 without Retry-After', 429, null, 'rate-limited', undefined, true],
    ['500', 500, null, 'http-status', undefined, true],
    ['502', 502, null, 'http-status', undefined, true],
    ['408', 408, null, 'http-status', undefined, true],
    ['404', 404, null, 'http-status', undefined, false],
    ['410', 410, null, 'http-status', undefined, false],
    ['403', 403, null, 'http-status', undefined, false],
  ])('%s', async (_name, code, retryAfter, kind, retryAfterMs, retryable) => {
    const query = `code=${code}${retryAfter === null ? '' : `&retry-after=${encodeURIComponent(retryAfter)}`}`;
    const err = await failure(fetchUrl(`${server.origin}/status?${query}`, local));
    expect(err).toMatchObject({ kind, status: code, retryable });
    if (retryAfterMs === undefined) expect(err.retryAfterMs).toBeUndefined();
    else expect(err.retryAfterMs).toBeGreaterThan(retryAfterMs - 5000);
    expect(err.retryAfterMs ?? 0).toBeLessThanOrEqual(retryAfterMs ?? 0);
    expect(err.message).toMatch(new RegExp(`^HTTP ${code}`));
  });

  test('a closed port is a connection failure', async () => {
    const closed = await startServer(() => undefined);
    const origin = closed.origin;
    await closed.close();
    const err = await failure(fetchUrl(`${origin}/feed`, local));
    expect(err.kind).toBe('connect');
    expect(err.message).toContain('ECONNREFUSED');
  });

  test('an unknown name is a DNS failure', async () => {
    const err = await failure(fetchUrl('http://nowhere.test/feed', { ...local, lookup: fakeDns({}) }));
    expect(err.kind).toBe('dns');
  });

  test.each(['not a url', 'ftp://files.example/feed', 'file:///etc/passwd'])('%s is an invalid URL', async (url) => {
    expect((await failure(fetchUrl(url, local))).kind).toBe('invalid-url');
  });
});

describe('address policy', () => {
  test('loopback is refused unless allowed', async () => {
    const err = await failure(fetchUrl(`${server.origin}/feed`, { ...local, addressPolicy: blockedRange }));
    expect(err.kind).toBe('blocked-address');
    expect(err.message).toContain('127.0.0.1');
    expect(err.message).toContain('loopback');
  });

  test('a name that resolves to loopback is refused when connecting (DNS rebinding)', async () => {
    const port = new URL(server.origin).port;
    const before = server.requests.length;
    const err = await failure(
      fetchUrl(`http://rebind.test:${port}/feed`, { ...local, addressPolicy: blockedRange, lookup: fakeDns({ 'rebind.test': '127.0.0.1' }) }),
    );
    expect(err.kind).toBe('blocked-address');
    expect(err.message).toContain('rebind.test (127.0.0.1)');
    expect(server.requests.length).toBe(before);
  });

  test('the same name is fetched when private addresses are allowed', async () => {
    const port = new URL(server.origin).port;
    const r = await fetchUrl(`http://feed.test:${port}/feed`, {
      ...local,
      addressPolicy: blockedRange,
      privateHosts: [`feed.test:${port}`],
      lookup: fakeDns({ 'feed.test': '127.0.0.1' }),
    });
    expect(r.kind).toBe('ok');
  });

  test("a source's private host is only its own: not another port, another loopback address, or metadata", async () => {
    const port = new URL(server.origin).port;
    const allowed = { ...local, addressPolicy: blockedRange, privateHosts: [`127.0.0.1:${port}`] };
    expect((await fetchUrl(`${server.origin}/feed`, allowed)).kind).toBe('ok');
    for (const url of [
      `http://127.0.0.2:${port}/feed`,
      `http://[::1]:${port}/feed`,
      `http://0.0.0.0:${port}/feed`,
      `http://127.0.0.1:${Number(port) + 1}/feed`,
    ]) {
      expect((await failure(fetchUrl(url, allowed))).kind).toBe('blocked-address');
    }
    const metadata = await failure(
      fetchUrl('http://169.254.169.254/latest/meta-data/', { ...local, addressPolicy: blockedRange, privateHosts: ['169.254.169.254'] }),
    );
    expect(metadata.message).toContain('cloud metadata');
  });

  test('every redirect hop is checked: a literal metadata address', async () => {
    const err = await failure(fetchUrl(`${server.origin}/to-metadata`, { ...local, addressPolicy: onlyTestServer }));
    expect(err.kind).toBe('blocked-address');
    expect(err.url).toBe('http://169.254.169.254/latest/meta-data/');
  });

  test('every redirect hop is checked: a name resolving to a private address', async () => {
    const err = await failure(
      fetchUrl(`${server.origin}/to-private-name`, {
        ...local,
        addressPolicy: (a) => (a === '127.0.0.1' ? undefined : a.startsWith('10.') ? 'private' : 'not the test server'),
        lookup: fakeDns({ 'internal.test': '10.0.0.7' }),
      }),
    );
    expect(err.kind).toBe('blocked-address');
    expect(err.message).toContain('internal.test (10.0.0.7): private');
  });
});
