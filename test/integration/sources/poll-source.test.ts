import { readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { source as sourceSchema, type SourceConfig } from '../../../src/config/feeds-schema';
import { FetchError } from '../../../src/sources/fetch-error';
import { pollSource, type PollResult } from '../../../src/sources/poll-source';
import { startServer, type TestServer } from './test-server';

const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '../../fixtures/feeds', name));

// Path → [content type, body, extra headers]. Content types are what real servers send, wrong ones included.
const routes: Record<string, [string, Buffer, http.OutgoingHttpHeaders?]> = {
  '/rss2': ['application/rss+xml; charset=utf-8', fixture('rss2.xml')],
  '/rdf': ['application/rdf+xml', fixture('rdf.xml')],
  '/atom': ['application/atom+xml', fixture('atom.xml')],
  '/json': ['application/feed+json', fixture('feed.json')],
  '/windows-1252': ['text/xml', fixture('windows-1252.xml')],
  '/false-utf8': ['text/xml; charset=utf-8', fixture('windows-1252.xml')],
  '/utf16': ['text/xml; charset=utf-8', fixture('utf16le.xml')],
  '/gzip-feed': ['application/rss+xml', zlib.gzipSync(fixture('rss2.xml')), { 'content-encoding': 'gzip' }],
  '/br-feed': ['text/html', zlib.brotliCompressSync(fixture('atom.xml')), { 'content-encoding': 'br' }],
  '/entity-bomb': ['application/rss+xml', fixture('entity-bomb.xml')],
  '/home': ['text/html; charset=utf-8', fixture('page-with-feed.html')],
  '/feed.xml': ['application/rss+xml', fixture('rss2.xml'), { etag: '"feed-v1"' }],
  '/plain-page': ['text/html', fixture('page-without-feed.html')],
  '/press': ['text/html', fixture('listing.html')],
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const r = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!r) {
      res.writeHead(404);
      return void res.end();
    }
    const [type, body, extra] = r;
    if (extra?.etag !== undefined && req.headers['if-none-match'] === extra.etag) {
      res.writeHead(304, { etag: extra.etag });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': type, ...extra });
    res.end(body);
  });
});
afterAll(() => server.close());

function localSource(p: string, parts: Partial<SourceConfig> = {}): SourceConfig {
  return sourceSchema.parse({ id: 'local-test', url: `${server.origin}${p}`, allowPrivateNetwork: true, ...parts });
}

function titles(r: PollResult): string[] {
  return r.articles.map((a) => a.title);
}

describe('pollSource over HTTP', () => {
  test.each([
    ['/rss2', 'rss', 'Journalist detained at airport on extradition request'],
    ['/rdf', 'rdf', 'Interpol notice against dissident withdrawn'],
    ['/atom', 'atom', 'Blogger arrested abroad'],
    ['/json', 'json', 'Report documents transnational repression'],
    ['/gzip-feed', 'rss', 'Journalist detained at airport on extradition request'],
    ['/br-feed', 'atom', 'Blogger arrested abroad'],
  ])('%s is read as %s', async (p, format, firstTitle) => {
    const r = await pollSource(localSource(p), {});
    expect(r.outcome === 'ok' && r.format).toBe(format);
    expect(r.articles[0]?.title).toBe(firstTitle);
    expect(r.articles.every((a) => a.id.match(/^[0-9a-f]{24}$/) && a.sourceId === 'local-test')).toBe(true);
    expect(r.articles.every((a) => a.url === '' || /^https?:\/\//.test(a.url))).toBe(true);
  });

  test('windows-1252 without an HTTP charset: curly quotes and the euro sign survive', async () => {
    const r = await pollSource(localSource('/windows-1252'), {});
    expect(r.articles[0]?.title).toBe('\u201cExil\u201d \u2013 caf\u00e9 fined \u20ac50');
    expect(r.articles[0]?.summary).toBe('Fine of \u20ac500 for the caf\u00e9\u2019s owner.');
  });

  test('an HTTP charset=utf-8 on windows-1252 bytes is passed over, and the poll says so', async () => {
    const r = await pollSource(localSource('/false-utf8'), {});
    expect(r.articles[0]?.title).toBe('\u201cExil\u201d \u2013 caf\u00e9 fined \u20ac50');
    expect(r.outcome === 'ok' && r.charsetNote).toMatch(/^declared utf-8 \(http\) but the bytes are not; read as windows-1252/);
    // A feed that means what it declares has no note.
    const clean = await pollSource(localSource('/windows-1252'), {});
    expect(clean.outcome === 'ok' && clean.charsetNote).toBeUndefined();
  });

  test('UTF-16 with a BOM wins over a wrong HTTP charset', async () => {
    const r = await pollSource(localSource('/utf16'), {});
    expect(titles(r)).toEqual([
      '\u0416\u0443\u0440\u043d\u0430\u043b\u0438\u0441\u0442 \u0437\u0430\u0434\u0435\u0440\u0436\u0430\u043d \u2014 \u044d\u043a\u0441\u0442\u0440\u0430\u0434\u0438\u0446\u0438\u044f',
    ]);
  });

  test('an entity bomb is read without expansion', async () => {
    const r = await pollSource(localSource('/entity-bomb'), {});
    expect(r.articles[0]?.title).toBe('&lol9;');
    expect(r.articles[0]?.summary.length).toBeLessThan(100);
  });

  test('an HTML page advertising a feed: discovered, then fetched directly and conditionally', async () => {
    const first = await pollSource(localSource('/home'), {});
    expect(first).toMatchObject({ outcome: 'ok', feedUrl: `${server.origin}/feed.xml`, etag: '"feed-v1"' });
    expect(first.articles).toHaveLength(4);

    const before = server.requests.length;
    const second = await pollSource(localSource('/home'), { feedUrl: first.feedUrl!, etag: first.etag! });
    expect(second.outcome).toBe('not-modified');
    expect(server.requests.slice(before).map((r) => [r.path, r.headers['if-none-match']])).toEqual([['/feed.xml', '"feed-v1"']]);
  });

  test('an HTML page with no feed is not-a-feed', async () => {
    const err = await pollSource(localSource('/plain-page'), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ kind: 'not-a-feed', retryable: false, url: `${server.origin}/plain-page` });
  });

  test('a listing page', async () => {
    const r = await pollSource(localSource('/press', { kind: 'listing', listing: { linkSelector: '.releases li' } }), {});
    expect(titles(r)).toEqual(['Statement on the extradition of R. Amani', 'Update on detention case']);
  });

  test('a missing feed is an http-status error that will not be retried soon', async () => {
    await expect(pollSource(localSource('/gone'), {})).rejects.toMatchObject({ kind: 'http-status', status: 404, retryable: false });
  });

  test('without allowPrivateNetwork the local server is refused', async () => {
    const before = server.requests.length;
    await expect(pollSource(localSource('/rss2', { allowPrivateNetwork: false }), {})).rejects.toMatchObject({ kind: 'blocked-address' });
    expect(server.requests.length).toBe(before);
  });
});
