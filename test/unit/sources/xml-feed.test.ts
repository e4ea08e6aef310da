import RssParser from 'rss-parser';
import { parseXmlFeed, repairXml, rootElement } from '../../../src/sources/xml-feed';

describe('rss-parser internals this reader relies on', () => {
  // xml-feed.ts calls these undocumented members of rss-parser 3.x; an upgrade that drops one must
  // fail here rather than at every poll.
  test.each(['buildRSS', 'buildAtomFeed', 'parseItemRss', 'parseItemAtom'])('%s is a method', (name) => {
    const parser = new RssParser() as unknown as Record<string, unknown>;
    expect(typeof parser[name]).toBe('function');
  });
  test('xmlParser.parseString is a method', () => {
    const parser = new RssParser() as unknown as { xmlParser?: { parseString?: unknown } };
    expect(typeof parser.xmlParser?.parseString).toBe('function');
  });
});

describe('rootElement', () => {
  test.each([
    ['<rss version="2.0"/>', 'rss', 'rss'],
    ['<?xml version="1.0"?>\n<!-- a comment with <rss> in it -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>', 'feed', 'atom'],
    ['<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "<feed>">]><rss/>', 'rss', 'rss'],
    ['<rdf:RDF xmlns:rdf="x"/>', 'rdf:RDF', 'rdf'],
    ['<RDF:RDF/>', 'RDF:RDF', 'rdf'],
    ['<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>', 'atom:feed', 'atom'],
    ['<!DOCTYPE html><html><head></head></html>', 'html', 'html'],
    ['<?xml-stylesheet href="s.xsl"?><opml/>', 'opml', 'unknown'],
  ])('%j → <%s> (%s)', (text, name, format) => {
    expect(rootElement(text)).toMatchObject({ name, format });
  });

  test.each(['', 'no markup', '<?xml version="1.0"?>', '<!-- unterminated'])('%j has none', (text) => {
    expect(rootElement(text)).toBeUndefined();
  });
});

describe('repairXml', () => {
  test('escapes bare ampersands outside CDATA and comments, leaves references alone', () => {
    const input = '<rss><a href="x?a=1&b=2">&amp; &#38; &#x26; &nbsp; & </a><![CDATA[a & b]]><!-- c & d --></rss>';
    expect(repairXml(input, 'rss')).toBe('<rss><a href="x?a=1&amp;b=2">&amp; &#38; &#x26; &nbsp; &amp; </a><![CDATA[a & b]]><!-- c & d --></rss>');
  });

  test('closes a truncated document', () => {
    expect(repairXml('<rss><channel><item><title>x</ti', 'rss')).toBe('<rss><channel><item><title>x</rss>');
    expect(repairXml('<rss></rss>\n', 'rss')).toBe('<rss></rss>\n');
  });
});

describe('feed shapes the parser does not read as they are', () => {
  const items = async (xml: string): Promise<string[]> => (await parseXmlFeed(xml, undefined)).items.map((i) => `${i.title} ${i.link}`);

  test('an Atom feed whose own <link> has the URL as text, not href', async () => {
    const xml =
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><link>https://desk.example/</link><entry><id>1</id><title>One</title><link>https://desk.example/1</link></entry></feed>';
    expect(await items(xml)).toEqual(['One https://desk.example/1']);
  });

  test('RSS written with a namespace prefix, on the root or on the channel', async () => {
    const prefixed =
      '<r:rss xmlns:r="http://backend.userland.com/rss2" version="2.0"><r:channel><r:title>Desk</r:title><r:item><r:title>One</r:title><r:link>https://desk.example/1</r:link></r:item></r:channel></r:rss>';
    expect(await items(prefixed)).toEqual(['One https://desk.example/1']);
    const inner =
      '<rss xmlns:rss="http://backend.userland.com/rss2" version="2.0"><rss:channel><rss:item><rss:title>Two</rss:title><rss:link>https://desk.example/2</rss:link></rss:item></rss:channel></rss>';
    expect(await items(inner)).toEqual(['Two https://desk.example/2']);
  });

  test('two <channel>s: the items of both', async () => {
    const xml =
      '<rss version="2.0"><channel><title>A</title><item><title>One</title><link>https://a.example/1</link></item></channel><channel><title>B</title><item><title>Two</title><link>https://b.example/2</link></item></channel></rss>';
    expect(await items(xml)).toEqual(['One https://a.example/1', 'Two https://b.example/2']);
  });
});
