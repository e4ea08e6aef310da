import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeBody } from '../../../src/sources/charset';
import { parseFeed, type ParsedFeed } from '../../../src/sources/parse-feed';
import { failure } from '../../helpers/failure';

const fixture = (name: string): string => decodeBody(readFileSync(path.join(__dirname, '../../fixtures/feeds', name))).text;
const parse = (text: string, baseUrl = 'https://fetched.example/feed'): Promise<ParsedFeed> => parseFeed(text, { baseUrl });

describe('formats', () => {
  test.each<[string, ParsedFeed['format'], string, number]>([
    ['rss2.xml', 'rss', 'Harbour Courier', 4],
    ['rss-noversion.xml', 'rss', 'No version', 1],
    ['rdf.xml', 'rdf', 'Rights Monitor', 2],
    ['atom.xml', 'atom', 'Exile Watch Bulletin', 2],
    ['feed.json', 'json', 'Diaspora Dispatch', 2],
    ['windows-1252.xml', 'rss', 'Le Courrier', 1],
    ['utf16le.xml', 'rss', '\u041d\u043e\u0432\u043e\u0441\u0442\u0438', 1],
  ])('%s is %s', async (file, format, title, items) => {
    const feed = await parse(fixture(file));
    expect(feed.format).toBe(format);
    expect(feed.title).toBe(title);
    expect(feed.items).toHaveLength(items);
  });
});

describe('RSS 2.0', () => {
  test('items carry the wire fields, links resolved against the site', async () => {
    const feed = await parse(fixture('rss2.xml'));
    expect(feed.link).toBe('https://news.example.org/');
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      guid: 'courier-1001',
      link: 'https://news.example.org/2024/05/detained-at-airport?utm_source=rss&utm_medium=feed',
      title: 'Journalist detained at airport on extradition request',
      published: 'Tue, 14 May 2024 09:30:00 +0200',
      author: 'Mira Okafor',
    });
    expect(first?.summaryHtml).toContain('<b>Dana Veltri</b>');
    expect(first?.contentHtml).toContain('acting on a request from her home country');
    expect(second?.link).toBe('https://news.example.org/2024/05/deportation-appeal');
  });

  test('a javascript: link is dropped, the item kept', async () => {
    const feed = await parse(fixture('rss2.xml'));
    const item = feed.items.find((i) => i.title === 'Click here');
    expect(item).toBeDefined();
    expect(item?.link).toBeUndefined();
  });

  test('a permalink guid stands in for a missing link; a non-permalink one does not', async () => {
    const feed = await parse(`<rss version="2.0"><channel>
      <item><title>a</title><guid>https://site.example/a</guid></item>
      <item><title>b</title><guid isPermaLink="false">https://site.example/b</guid></item>
      <item><title>c</title><guid>c-123</guid></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.link)).toEqual(['https://site.example/a', undefined, undefined]);
  });

  test('FeedBurner original link beats the click counter', async () => {
    const feed = await parse(`<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
      <item><title>a</title><link>https://feeds.feedburner.example/~r/x/1</link><feedburner:origLink>https://site.example/story</feedburner:origLink></item>
    </channel></rss>`);
    expect(feed.items[0]?.link).toBe('https://site.example/story');
  });

  test('an rss element without a channel is an empty feed', async () => {
    const feed = await parse('<rss version="2.0"></rss>');
    expect(feed).toEqual({ format: 'rss', items: [], invalidItems: 0 });
  });

  test('items with nothing to identify them are counted as invalid', async () => {
    const feed = await parse(`<rss version="2.0"><channel>
      <item><title>kept</title></item>
      <item><category>only a category</category></item>
      <item>just text</item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.title)).toEqual(['kept']);
    expect(feed.invalidItems).toBe(2);
  });

  test('markup written inline in a description keeps its word order', async () => {
    const feed = await parse(`<rss version="2.0"><channel><item>
      <title>t</title><description>Police detained <b>Ana Ruiz</b> in Bangkok.</description>
    </item></channel></rss>`);
    expect(feed.items[0]?.summaryHtml).toBe('Police detained <b>Ana Ruiz</b> in Bangkok.');
  });
});

describe('Atom', () => {
  test('xml:base of feed and entry, alternate link preferred, XHTML content in order', async () => {
    const feed = await parse(fixture('atom.xml'));
    expect(feed.link).toBe('https://watch.example.com/');
    const [first, second] = feed.items;
    expect(first?.link).toBe('https://watch.example.com/news/2024/blogger-arrested');
    expect(first?.guid).toBe('tag:watch.example.com,2024:1');
    expect(first?.title).toBe('Blogger &lt;em&gt;arrested&lt;/em&gt; abroad'.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(first?.contentHtml).toContain('<p>Authorities detained <b>Samir Haddad</b> in the capital on Friday.</p>');
    expect(first?.published).toBe('2024-05-12T09:15:00+03:00');
    expect(first?.author).toBe('Watch Desk');
    expect(second?.link).toBe('https://other.example.com/section/story.html');
  });

  test('relative links without xml:base resolve against the site link', async () => {
    const feed = await parse(`<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://site.example/blog/"/>
      <entry><title>t</title><link href="post-1"/></entry></feed>`);
    expect(feed.items[0]?.link).toBe('https://site.example/blog/post-1');
  });

  test('an http id stands in for a missing link', async () => {
    const feed = await parse(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><id>https://site.example/entries/1</id></entry></feed>`);
    expect(feed.items[0]?.link).toBe('https://site.example/entries/1');
  });

  test('Atom 0.3 base64 content and dates', async () => {
    const encoded = Buffer.from('<p>Decoded <b>content</b></p>').toString('base64');
    const feed = await parse(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>t</title>
      <content type="text/html" mode="base64">${encoded}</content><issued>2003-12-13T08:29:29-04:00</issued></entry></feed>`);
    expect(feed.items[0]?.contentHtml).toBe('<p>Decoded <b>content</b></p>');
    expect(feed.items[0]?.published).toBe('2003-12-13T08:29:29-04:00');
  });

  test('a link element without attributes does not sink the entry', async () => {
    const feed = await parse(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><link/><link href="https://site.example/x"/></entry></feed>`);
    expect(feed.items[0]?.link).toBe('https://site.example/x');
  });
});

describe('RDF', () => {
  test('items beside the channel, rdf:about as identity and fallback link', async () => {
    const feed = await parse(fixture('rdf.xml'));
    expect(feed.items.map((i) => i.guid)).toEqual(['https://rights.example.net/a/1', 'https://rights.example.net/a/2']);
    expect(feed.items[1]?.link).toBe('https://rights.example.net/a/2');
    expect(feed.items[0]?.published).toBe('2024-05-10T08:00:00Z');
  });
});

describe('JSON Feed', () => {
  test('fields, relative url, numeric id, plain text escaped as HTML, bad items counted', async () => {
    const feed = await parse(fixture('feed.json'));
    expect(feed.link).toBe('https://dispatch.example.org/');
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      guid: '2024-05-09-transnational',
      link: 'https://dispatch.example.org/2024/05/09/transnational-repression',
      summaryHtml: 'New report on cases &lt;abroad&gt;.',
      published: '2024-05-09T12:00:00-04:00',
      author: 'Lea Moreau',
    });
    expect(second).toMatchObject({ guid: '42', link: 'https://elsewhere.example.com/story', contentHtml: 'Plain text content about a visa revocation.' });
    // The data: URL item has nothing else, and a string is not an item.
    expect(feed.invalidItems).toBe(2);
  });

  test.each([
    ['[1,2]', 'not-a-feed'],
    ['{"hello": "world"}', 'not-a-feed'],
    ['{"version": "https://jsonfeed.org/version/1.1", "items": [', 'parse'],
  ])('%s → %s', async (text, kind) => {
    expect((await failure(parse(text))).kind).toBe(kind);
  });
});

describe('hostile and broken input', () => {
  test('an entity bomb is not expanded and does not hang', async () => {
    const feed = await parse(fixture('entity-bomb.xml'));
    const item = feed.items[0];
    expect(item?.title).toBe('&lol9;');
    expect(item?.summaryHtml?.length).toBeLessThan(100);
    expect(JSON.stringify(feed)).not.toContain('lollol');
  });

  test('an external entity is not fetched or read', async () => {
    const feed = await parse(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>`);
    expect(feed.items[0]?.title).toBe('&xxe;');
  });

  test('HTML entities, bare ampersands and a truncated tail are recovered', async () => {
    const feed = await parse(fixture('malformed.xml'));
    expect(feed.title).toBe('Sloppy\u00a0Feed');
    expect(feed.items[0]).toMatchObject({ title: 'Caf\u00e9 owner faces deportation', link: 'https://sloppy.example.com/story?id=7&section=world' });
    expect(feed.items[1]?.title).toBe('Second item survives the cut');
  });

  test.each([
    ['', 'not-a-feed'],
    ['   \n  ', 'not-a-feed'],
    ['hello, world', 'not-a-feed'],
    ['<!DOCTYPE html><html><body>page</body></html>', 'not-a-feed'],
    ['<note><to>x</to></note>', 'not-a-feed'],
    ['<?xml version="1.0"?>', 'not-a-feed'],
    ['<rss version="2.0"><channel><item><title a="x></title></item></channel></rss>', 'parse'],
  ])('%j → %s', async (text, kind) => {
    const err = await failure(parse(text));
    expect(err.kind).toBe(kind);
    expect(err.message).not.toContain('\n');
  });

  test('a feed cut off mid-tag keeps what arrived whole', async () => {
    const feed = await parse('<rss version="2.0"><channel><item><title>whole</title></item><item><title>x</ti');
    expect(feed.items.map((i) => i.title)).toEqual(['whole', 'x']);
  });

  test('leading whitespace and a BOM before the declaration are fine', async () => {
    const feed = await parse('\ufeff\n\n  <?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>');
    expect(feed.title).toBe('x');
  });
});
