import RssParser from 'rss-parser';
import { repairXml, rootElement } from '../../../src/sources/xml-feed';

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
