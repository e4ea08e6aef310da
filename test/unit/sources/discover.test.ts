import { readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverFeedUrl, discoverFeedUrls, listingLinks } from '../../../src/sources/discover';
import { FetchError } from '../../../src/sources/fetch-error';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../../fixtures/feeds', name), 'utf8');

describe('discoverFeedUrls', () => {
  test('advertised feeds, resolved, first-listed first', () => {
    expect(discoverFeedUrls(fixture('page-with-feed.html'), 'https://news.example.org/home')).toEqual([
      'https://news.example.org/feed.xml',
      'https://news.example.org/comments.atom',
    ]);
  });

  test('none advertised', () => {
    expect(discoverFeedUrl(fixture('page-without-feed.html'), 'https://a.example/')).toBeUndefined();
  });

  test.each([
    ['JSON Feed', '<link rel="alternate" type="application/feed+json" href="/feed.json">', 'https://a.example/feed.json'],
    [
      'rel with several tokens, type with parameters',
      '<link rel="Alternate home" type="application/atom+xml; charset=utf-8" href="atom">',
      'https://a.example/dir/atom',
    ],
    ['<base href> respected', '<base href="https://cdn.example/x/"><link rel="alternate" type="application/rss+xml" href="rss">', 'https://cdn.example/x/rss'],
    ['not an alternate', '<link rel="stylesheet" type="application/rss+xml" href="/rss">', undefined],
    ['not a feed type', '<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">', undefined],
    ['script URL dropped', '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', undefined],
  ])('%s', (_name, head, expected) => {
    expect(discoverFeedUrl(`<html><head>${head}</head><body></body></html>`, 'https://a.example/dir/page')).toBe(expected);
  });
});

describe('listingLinks', () => {
  test('article links under the selector: resolved, de-duplicated, script links dropped', () => {
    expect(listingLinks(fixture('listing.html'), 'https://ngo.example.org/press', 'li.release')).toEqual([
      { url: 'https://ngo.example.org/press/2024/statement-on-extradition', title: 'Statement on the extradition of R. Amani' },
      { url: 'https://ngo.example.org/press/2024/detention-update?utm_campaign=x', title: 'Update on detention case' },
    ]);
  });

  test('a selector that matches the anchors themselves', () => {
    expect(listingLinks(fixture('listing.html'), 'https://ngo.example.org/press', '.releases a').map((l) => l.title)).toEqual([
      'Statement on the extradition of R. Amani',
      'Update on detention case',
    ]);
  });

  test('a page nested too deep to parse safely is a parse error', () => {
    const deep = `<html><head><link rel="alternate" type="application/rss+xml" href="/f"></head><body>${'<div>'.repeat(5000)}</body></html>`;
    expect(() => discoverFeedUrl(deep, 'https://a.example/')).toThrow(FetchError);
  });

  test('an invalid selector is a parse error naming it', () => {
    let err: unknown;
    try {
      listingLinks('<p></p>', 'https://a.example/', 'li[[');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('parse');
    expect((err as FetchError).message).toContain('li[[');
  });
});
