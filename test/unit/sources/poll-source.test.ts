import { readFileSync } from 'node:fs';
import path from 'node:path';
import { source as sourceSchema, type SourceConfig } from '../../../src/config/feeds-schema';
import { FetchError } from '../../../src/sources/fetch-error';
import type { FetchOptions, FetchResult } from '../../../src/sources/http-client';
import { pollSource, type PollState } from '../../../src/sources/poll-source';

const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '../../fixtures/feeds', name));

function source(parts: Partial<SourceConfig> & { url: string }): SourceConfig {
  return sourceSchema.parse({ id: 'courier', ...parts });
}

type Route = FetchResult | FetchError;

/** A fetch that answers from a table of URLs and records what it was asked. */
function fakeFetch(routes: Record<string, Route>) {
  const calls: { url: string; options: FetchOptions }[] = [];
  const fetch = (url: string, options: FetchOptions): Promise<FetchResult> => {
    calls.push({ url, options });
    const r = routes[url];
    if (r === undefined) return Promise.reject(new FetchError('http-status', 'HTTP 404 Not Found', { status: 404, url }));
    if (r instanceof FetchError) return Promise.reject(r);
    return Promise.resolve(r);
  };
  return { fetch, calls };
}

function ok(url: string, body: Buffer | string, contentType: string, etag?: string): FetchResult {
  return { kind: 'ok', url, status: 200, headers: { 'content-type': contentType }, body: Buffer.from(body), contentType, ...(etag ? { etag } : {}) };
}

describe('pollSource', () => {
  test('a feed URL: articles, validators, no discovered feed', async () => {
    const { fetch, calls } = fakeFetch({
      'https://news.example.org/rss': ok('https://news.example.org/rss', fixture('rss2.xml'), 'application/rss+xml', '"v1"'),
    });
    const r = await pollSource(source({ url: 'https://news.example.org/rss' }), {}, { fetch });
    expect(r.outcome).toBe('ok');
    expect(r.etag).toBe('"v1"');
    expect(r.feedUrl).toBeUndefined();
    expect(r.articles.map((a) => a.title)).toEqual([
      'Journalist detained at airport on extradition request',
      'Court hears deportation appeal',
      'Click here',
      '',
    ]);
    expect(r.articles.every((a) => a.sourceId === 'courier')).toBe(true);
    expect(calls[0]?.options.privateHosts).toEqual([]);
  });

  test('conditional GET with the stored validators; 304 is not-modified', async () => {
    const { fetch, calls } = fakeFetch({ 'https://news.example.org/rss': { kind: 'not-modified', url: 'https://news.example.org/rss' } });
    const state: PollState = { etag: '"v1"', lastModified: 'Tue, 14 May 2024 09:30:00 GMT' };
    const r = await pollSource(source({ url: 'https://news.example.org/rss' }), state, { fetch });
    expect(r).toMatchObject({ outcome: 'not-modified', articles: [], invalidItems: 0 });
    expect(calls[0]?.options).toMatchObject({ etag: '"v1"', lastModified: 'Tue, 14 May 2024 09:30:00 GMT' });
  });

  test('an HTML page leads to the feed it advertises, which is remembered', async () => {
    const { fetch, calls } = fakeFetch({
      'https://news.example.org/': ok('https://news.example.org/', fixture('page-with-feed.html'), 'text/html; charset=utf-8'),
      'https://news.example.org/feed.xml': ok('https://news.example.org/feed.xml', fixture('rss2.xml'), 'application/xml', '"f1"'),
    });
    const r = await pollSource(source({ url: 'https://news.example.org/' }), {}, { fetch });
    expect(r).toMatchObject({
      outcome: 'ok',
      format: 'rss',
      feedUrl: 'https://news.example.org/feed.xml',
      feedUrlFoundOn: 'https://news.example.org/',
      etag: '"f1"',
    });
    expect(r.articles).toHaveLength(4);
    expect(calls.map((c) => c.url)).toEqual(['https://news.example.org/', 'https://news.example.org/feed.xml']);
  });

  test('the remembered feed is fetched directly, conditionally', async () => {
    const { fetch, calls } = fakeFetch({ 'https://news.example.org/feed.xml': { kind: 'not-modified', url: 'https://news.example.org/feed.xml' } });
    const r = await pollSource(source({ url: 'https://news.example.org/' }), { feedUrl: 'https://news.example.org/feed.xml', etag: '"f1"' }, { fetch });
    expect(r).toMatchObject({ outcome: 'not-modified', feedUrl: 'https://news.example.org/feed.xml' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.options.etag).toBe('"f1"');
  });

  test('a remembered feed that is gone sends the poll back to the page', async () => {
    const { fetch, calls } = fakeFetch({
      'https://news.example.org/': ok('https://news.example.org/', fixture('page-with-feed.html'), 'text/html'),
      'https://news.example.org/feed.xml': ok('https://news.example.org/feed.xml', fixture('atom.xml'), 'application/atom+xml'),
    });
    const r = await pollSource(source({ url: 'https://news.example.org/' }), { feedUrl: 'https://news.example.org/old-feed', etag: '"old"' }, { fetch });
    expect(r).toMatchObject({ outcome: 'ok', format: 'atom', feedUrl: 'https://news.example.org/feed.xml' });
    expect(calls.map((c) => [c.url, c.options.etag])).toEqual([
      ['https://news.example.org/old-feed', '"old"'],
      ['https://news.example.org/', undefined],
      ['https://news.example.org/feed.xml', undefined],
    ]);
  });

  test('a passing failure of the remembered feed is reported, not worked around', async () => {
    const { fetch, calls } = fakeFetch({ 'https://news.example.org/feed.xml': new FetchError('timeout', 'timed out') });
    await expect(pollSource(source({ url: 'https://news.example.org/' }), { feedUrl: 'https://news.example.org/feed.xml' }, { fetch })).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect(calls).toHaveLength(1);
  });

  test('a feed found on another URL than the configured one is not used', async () => {
    const { fetch, calls } = fakeFetch({ 'https://new.example.org/rss': ok('https://new.example.org/rss', fixture('rdf.xml'), 'application/rdf+xml') });
    const state: PollState = { feedUrl: 'https://old.example.org/feed.xml', feedUrlFoundOn: 'https://old.example.org/' };
    const r = await pollSource(source({ url: 'https://new.example.org/rss' }), state, { fetch });
    expect(r.outcome === 'ok' && r.format).toBe('rdf');
    expect(calls.map((c) => c.url)).toEqual(['https://new.example.org/rss']);
  });

  test.each([
    ['an HTML page that advertises nothing', 'auto', 'page-without-feed.html', 'text/html', 'not-a-feed', 'advertises no feed'],
    ['an HTML page for a source that says it is RSS', 'rss', 'page-with-feed.html', 'text/html', 'not-a-feed', 'HTML page'],
    ['a broken feed', 'auto', 'malformed-json', 'application/json', 'parse', 'malformed JSON'],
  ] as const)('%s fails as %s', async (_name, kind, file, contentType, errorKind, message) => {
    const body = file === 'malformed-json' ? Buffer.from('{"version": "https://jsonfeed.org/version/1", "items": [') : fixture(file);
    const { fetch } = fakeFetch({ 'https://a.example/x': ok('https://a.example/x', body, contentType) });
    const err = await pollSource(source({ url: 'https://a.example/x', kind }), {}, { fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ kind: errorKind, url: 'https://a.example/x' });
    expect((err as FetchError).message).toContain(message);
  });

  test('fetch failures pass through with their kind', async () => {
    const { fetch } = fakeFetch({ 'https://a.example/x': new FetchError('rate-limited', 'HTTP 429 Too Many Requests', { status: 429, retryAfterMs: 60_000 }) });
    await expect(pollSource(source({ url: 'https://a.example/x' }), {}, { fetch })).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 60_000 });
  });

  test('a listing page becomes one article per link', async () => {
    const { fetch, calls } = fakeFetch({ 'https://ngo.example.org/press': ok('https://ngo.example.org/press', fixture('listing.html'), 'text/html') });
    const s = source({ url: 'https://ngo.example.org/press', kind: 'listing', listing: { linkSelector: 'li.release' } });
    const r = await pollSource(s, {}, { fetch });
    expect(r.outcome === 'ok' && r.format).toBe('listing');
    expect(r.articles.map((a) => [a.title, a.url])).toEqual([
      ['Statement on the extradition of R. Amani', 'https://ngo.example.org/press/2024/statement-on-extradition'],
      ['Update on detention case', 'https://ngo.example.org/press/2024/detention-update?utm_campaign=x'],
    ]);
    expect(calls[0]?.options.accept).toContain('text/html');
  });

  test('a private-network source passes its own host to the fetch, and fetch options are used', async () => {
    const { fetch, calls } = fakeFetch({ 'http://127.0.0.1:8080/rss': ok('http://127.0.0.1:8080/rss', fixture('rss-noversion.xml'), 'text/xml') });
    await pollSource(source({ url: 'http://127.0.0.1:8080/rss', allowPrivateNetwork: true }), {}, { fetch, fetchOptions: { maxBytes: 1234, userAgent: 'ua' } });
    expect(calls[0]?.options).toMatchObject({ privateHosts: ['127.0.0.1:8080'], maxBytes: 1234, userAgent: 'ua' });
  });

  test('one article per id when a feed repeats itself', async () => {
    const twice = `<rss version="2.0"><channel>
      <item><title>a</title><link>https://a.example/1?utm_source=x</link></item>
      <item><title>a again</title><link>https://a.example/1</link></item>
    </channel></rss>`;
    const { fetch } = fakeFetch({ 'https://a.example/rss': ok('https://a.example/rss', twice, 'text/xml') });
    const r = await pollSource(source({ url: 'https://a.example/rss' }), {}, { fetch });
    expect(r.articles.map((a) => a.title)).toEqual(['a']);
  });
});

test('a large feed is read in slices: other work gets turns of the event loop while it is parsed', async () => {
  const text = `<p>${'Words of an episode description, <b>marked up</b> &amp; long. '.repeat(40)}</p>`;
  const items = Array.from(
    { length: 400 },
    (_, i) => `<item><title>Episode ${i}</title><link>https://news.example.org/e/${i}</link><description><![CDATA[${text}]]></description></item>`,
  );
  const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;
  const { fetch } = fakeFetch({ 'https://news.example.org/rss': ok('https://news.example.org/rss', xml, 'application/rss+xml') });
  // A chain of immediates stands for everything else the worker does (lock renewals, health answers):
  // it advances only when the poll yields. Parsed in one go it would get a single turn.
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const r = await pollSource(source({ url: 'https://news.example.org/rss' }), {}, { fetch });
  running = false;
  expect(r.articles).toHaveLength(400);
  // ~1 MB of XML is over a hundred 10,000-character sax slices, and 400 items sixteen slices of 25.
  expect(xml.length).toBeGreaterThan(1_000_000);
  expect(turns).toBeGreaterThan(100);
});
