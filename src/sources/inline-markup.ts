/**
 * Turns markup written inline in a feed's text elements into character data, before XML parsing.
 *
 * Atom type="xhtml" content, and the unescaped HTML many RSS feeds put in <description>, arrive as
 * child elements. The XML-to-object step under rss-parser (xml2js) keeps an element's text apart from
 * its children, so "detained <b>Ana Ruiz</b> in Bangkok" would come out as "detained in Bangkok" plus
 * "Ana Ruiz", out of order — and word order is what matching reads. Wrapped in CDATA, the markup
 * reaches the HTML-to-text step whole and in order.
 *
 * The scan stays linear: each element is closed with indexOf, and a name with no closing tag left, or
 * found nested in itself, is not looked for again, so neither unclosed nor self-nested tags can make it
 * quadratic.
 */

// Elements whose content is prose that may carry HTML, in RSS, RDF and Atom.
const TEXT_ELEMENTS = [
  'title',
  'subtitle',
  'tagline',
  'summary',
  'content',
  'description',
  'content:encoded',
  'body',
  'xhtml:body',
  'atom:title',
  'atom:summary',
  'atom:content',
];
const OPENING = new RegExp(`<(${TEXT_ELEMENTS.map((n) => n.replace(':', '\\:')).join('|')})(\\s[^<>]*?)?(/?)>`, 'g');
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

export function inlineMarkupAsCdata(xml: string): string {
  const out: string[] = [];
  const exhausted = new Set<string>();
  let copied = 0;
  OPENING.lastIndex = 0;
  for (let m = OPENING.exec(xml); m !== null; m = OPENING.exec(xml)) {
    const name = m[1]!;
    if (m[3] === '/' || exhausted.has(name)) continue;
    const innerStart = m.index + m[0].length;
    const close = xml.indexOf(`</${name}`, innerStart);
    if (close < 0) {
      exhausted.add(name);
      continue;
    }
    const inner = xml.slice(innerStart, close);
    // Another opening of the same name inside means the nesting is not what this scan assumes: that
    // name is left to the parser from here on.
    if (new RegExp(`<${name.replace(':', '\\:')}[\\s/>]`).test(inner)) {
      exhausted.add(name);
      continue;
    }
    // Plain text, or HTML already escaped or in CDATA: nothing to do.
    if (!inner.replace(CDATA, '').includes('<')) continue;
    out.push(xml.slice(copied, innerStart), asCdata(inner));
    copied = close;
    OPENING.lastIndex = close;
  }
  out.push(xml.slice(copied));
  return out.join('');
}

function asCdata(markup: string): string {
  // CDATA cannot nest: sections inside become escaped text, which means the same to an HTML reader.
  const flat = markup.replace(CDATA, (_, text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  return `<![CDATA[${flat.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}
