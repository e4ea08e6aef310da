import RssParser from 'rss-parser';
import { FetchError } from './fetch-error';
import { isHttpUrl, resolveBase, resolveLink } from './feed-links';
import { inlineMarkupAsCdata } from './inline-markup';
import type { FeedFormat, ParsedFeed, RawItem } from './raw-item';

/**
 * RSS 0.9x/2.0, RDF (RSS 0.90/1.0) and Atom 0.3/1.0, read with rss-parser.
 *
 * rss-parser decides the format from the root element it finds and then indexes `[0]` into elements
 * that may be missing, so a feed without a <channel>, an <rss> without a version or one odd item turns
 * into a TypeError for the whole feed. Here the format is decided first (from the root element's local
 * name), rss-parser's shared builders are called with the parts it expects, and each item is built on
 * its own: a broken item is counted as invalid and dropped, the rest of the feed still arrives.
 *
 * XML that is not well-formed (HTML entities such as &nbsp;, a bare "&" in a URL, a truncated file) is
 * parsed a second time in sax's lenient mode. Neither mode expands entities declared in a DTD, so an
 * entity bomb stays a few literal "&lol9;" strings.
 */

/** One element as xml2js builds it: attributes under `$`, text under `_`, children as arrays. */
interface XmlNode {
  $?: Record<string, string>;
  _?: string;
  [child: string]: unknown;
}

/** The item fields rss-parser 3.x produces that are read here. */
interface RssParserItem {
  title?: unknown;
  link?: unknown;
  guid?: unknown;
  id?: unknown;
  content?: unknown;
  summary?: unknown;
  'content:encoded'?: unknown;
  creator?: unknown;
  author?: unknown;
  pubDate?: unknown;
  date?: unknown;
}

interface RssParserFeed {
  title?: unknown;
  link?: unknown;
  items: RssParserItem[];
}

/**
 * rss-parser 3.13's methods beyond its typings, used here. test/unit/sources/xml-feed.test.ts checks
 * they still exist, so an upgrade that changes them fails a test rather than every poll.
 */
interface RssParserInternals {
  xmlParser: { parseString(xml: string, done: (err: unknown, result: unknown) => void): void };
  buildRSS(channel: XmlNode, items: XmlNode[]): RssParserFeed;
  buildAtomFeed(doc: { feed: XmlNode }): RssParserFeed;
  parseItemRss(item: XmlNode, fields: unknown): RssParserItem;
  parseItemAtom(entry: XmlNode): RssParserItem;
}

/** Builds parsers whose per-item methods never throw, and which keep each item's XML node. */
function guardedParser(lenient: boolean): { parser: RssParserInternals; nodes: WeakMap<object, XmlNode> } {
  const xml2js = {
    // sax reads the document in 10,000-character slices with a turn of the event loop between
    // them, so a feed near the size cap does not hold up lock renewals, schedulers or health answers.
    async: true,
    ...(lenient
      ? {
          strict: false,
          // Lenient sax upper-cases names; the builders expect XML's usual lower-case ones.
          normalizeTags: true,
          attrNameProcessors: [(name: string) => name.toLowerCase()],
        }
      : {}),
  };
  const parser = new RssParser({ xml2js }) as unknown as RssParserInternals;
  const nodes = new WeakMap<object, XmlNode>();
  const rss = parser.parseItemRss.bind(parser);
  const atom = parser.parseItemAtom.bind(parser);
  parser.parseItemRss = (node, fields) => keep(nodes, node, () => rss(node, fields));
  parser.parseItemAtom = (node) => keep(nodes, node, () => atom(node));
  return { parser, nodes };
}

function keep(nodes: WeakMap<object, XmlNode>, node: XmlNode, build: () => RssParserItem): RssParserItem {
  // An <item> that is only text ("<item>oops</item>") has no node to read: left unregistered, it is
  // counted as invalid.
  if (typeof node !== 'object' || node === null) return {};
  let item: RssParserItem;
  try {
    item = build();
  } catch {
    // Rebuilt from the node alone; rss-parser chokes on e.g. an Atom <link> without attributes.
    item = {};
  }
  nodes.set(item, node);
  return item;
}

function parseXml(parser: RssParserInternals, xml: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    try {
      parser.xmlParser.parseString(xml, (err, result) => {
        if (settled) return;
        settled = true;
        if (err) reject(err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'XML parser failed'));
        else if (result === null || typeof result !== 'object') reject(new Error('empty document'));
        else resolve(result as Record<string, unknown>);
      });
    } catch (err) {
      // xml2js rethrows some errors synchronously (and may also call back); keep the first.
      if (!settled) {
        settled = true;
        reject(err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'XML parser failed'));
      }
    }
  });
}

export { rootElement, type RootElement } from './root-element';
import { rootElement } from './root-element';

export async function parseXmlFeed(text: string, baseUrl: string | undefined): Promise<ParsedFeed> {
  const root = rootElement(text);
  if (root === undefined) throw new FetchError('not-a-feed', 'no XML document element found');
  if (root.format === 'html') throw new FetchError('not-a-feed', 'an HTML page, not a feed');
  if (root.format === 'unknown') throw new FetchError('not-a-feed', `XML document <${root.name}> is not RSS, RDF or Atom`);
  const format = root.format;
  const xml = normaliseFeedXml(inlineMarkupAsCdata(text), format, root.name);

  let strictError: unknown;
  try {
    const strict = guardedParser(false);
    return build(format, strict, await parseXml(strict.parser, xml), baseUrl, false);
  } catch (err) {
    if (err instanceof FetchError) throw err;
    strictError = err;
  }
  try {
    const lenient = guardedParser(true);
    return build(format, lenient, await parseXml(lenient.parser, repairXml(xml, root.name)), baseUrl, true);
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError('parse', `malformed XML: ${saxMessage(strictError)}`, { cause: err });
  }
}

// Namespace URIs RSS has been published under, for feeds that write its elements with a prefix.
const RSS_NAMESPACE = /^(?:http:\/\/backend\.userland\.com\/rss2?|http:\/\/purl\.org\/rss\/[\d.]+\/?|http:\/\/my\.netscape\.com\/rdf\/simple\/[\d.]+\/?)$/i;

/**
 * Shapes the parser does not read, rewritten into ones it does, before parsing:
 * - RSS elements with a namespace prefix (<r:rss>, <rss:channel>) lose the prefix;
 * - a second <channel> is merged into the first, so its items are not dropped;
 * - an Atom <link> with the URL as its text (no href) gets it as href, at feed level as in entries.
 */
export function normaliseFeedXml(xml: string, format: FeedFormat, rootName: string): string {
  let out = xml;
  if (format === 'rss' || format === 'rdf') {
    const prefixes = [...out.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']+)["']/g)].filter((m) => RSS_NAMESPACE.test(m[2]!)).map((m) => m[1]!);
    const rootPrefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : undefined;
    for (const p of new Set([...prefixes, ...(rootPrefix && format === 'rss' ? [rootPrefix] : [])])) {
      out = out.replace(new RegExp(`<(/?)${escapeRegExp(p)}:`, 'g'), '<$1');
    }
    const opening = [...out.matchAll(/<channel\b[^>]*>/g)];
    if (opening.length > 1) {
      let seen = 0;
      out = out.replace(/<channel\b[^>]*>/g, (m) => (seen++ === 0 ? m : ''));
      const closings = (out.match(/<\/channel\s*>/g) ?? []).length;
      let closed = 0;
      out = out.replace(/<\/channel\s*>/g, (m) => (++closed === closings ? m : ''));
    }
  }
  if (format === 'atom') {
    out = out.replace(/<link>\s*([^<]*?)\s*<\/link>/g, (_m, url: string) => `<link href="${url.replace(/"/g, '&quot;')}"/>`);
  }
  return out;
}

/**
 * Fixes the two faults that stop even sax's lenient mode, before the second attempt:
 * - a bare "&" (usually in a URL query): sax 1.6 swallows the closing quote of an attribute after one,
 *   so it is escaped, outside CDATA sections and comments where it is literal;
 * - a feed cut off mid-way (the connection dropped, a full disk) still carries whole items; closing the
 *   document element lets the parser hand them over.
 */
export function repairXml(text: string, rootName: string): string {
  const parts = text.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/);
  const escaped = parts.map((part, i) => (i % 2 === 1 ? part : part.replace(BARE_AMPERSAND, '&amp;'))).join('');
  const trimmed = escaped.trimEnd();
  if (new RegExp(`</${escapeRegExp(rootName)}\\s*>$`, 'i').test(trimmed)) return escaped;
  return `${trimmed.replace(/<[^>]*$/, '')}</${rootName}>`;
}

const BARE_AMPERSAND = /&(?!#\d+;|#x[\da-f]+;|[a-z_][\w.-]*;)/gi;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function saxMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').slice(0, 2).join(', ').replace(/\s+/g, ' ').slice(0, 200);
}

function build(
  format: FeedFormat,
  { parser, nodes }: { parser: RssParserInternals; nodes: WeakMap<object, XmlNode> },
  doc: Record<string, unknown>,
  baseUrl: string | undefined,
  lenient: boolean,
): ParsedFeed {
  const rootNode = firstNode(Object.values(doc)[0]);
  if (rootNode === undefined) throw new FetchError('not-a-feed', 'empty document element');

  let feed: RssParserFeed;
  let channel: XmlNode;
  try {
    if (format === 'atom') {
      channel = rootNode;
      feed = parser.buildAtomFeed({ feed: rootNode });
    } else {
      channel = firstNode(rootNode['channel']) ?? {};
      // RSS 0.90 and 1.0 put items beside the channel; a few RSS 2.0 feeds do too.
      const items = [...nodeList(channel['item']), ...nodeList(rootNode['item'])];
      feed = parser.buildRSS(channel, items);
    }
  } catch (err) {
    throw new FetchError('parse', `feed structure not understood${lenient ? ' (malformed XML)' : ''}: ${saxMessage(err)}`, { cause: err });
  }

  // Relative links resolve against xml:base where the feed sets one, else against the site the feed
  // describes (a feed served from feeds.example.net links into www.example.org), else the fetch URL.
  const feedXmlBase = resolveBase([attr(channel, 'xml:base'), attr(rootNode, 'xml:base'), baseUrl]);
  const siteLink =
    format === 'atom' ? atomLink(nodeList(channel['link']), feedXmlBase) : resolveLink(text(channel['link']) ?? attrOf(channel['link'], 'href'), feedXmlBase);
  const itemBase = resolveBase([attr(channel, 'xml:base'), attr(rootNode, 'xml:base'), siteLink, baseUrl]);

  const items: RawItem[] = [];
  let invalidItems = 0;
  for (const item of feed.items) {
    const node = nodes.get(item);
    const raw = node === undefined ? undefined : format === 'atom' ? fromAtom(item, node, itemBase) : fromRss(item, node, itemBase);
    if (raw === undefined || !identifiable(raw)) invalidItems++;
    else items.push(raw);
  }

  const result: ParsedFeed = { format, items, invalidItems };
  const title = (format === 'atom' ? atomText(channel['title']) : undefined) ?? text(feed.title) ?? text(channel['title']);
  if (title !== undefined) result.title = title;
  if (siteLink !== undefined) result.link = siteLink;
  return result;
}

function fromRss(item: RssParserItem, node: XmlNode, base: string | undefined): RawItem {
  const raw: RawItem = {};
  const itemBase = resolveBase([attr(node, 'xml:base'), base]);
  const guidNode = firstNode(node['guid']);
  // RSS 1.0 identifies items by rdf:about.
  const guid = text(item.guid) ?? text(node['guid']) ?? attr(node, 'rdf:about');
  if (guid !== undefined) raw.guid = guid;

  const isPermaLink = (attr(guidNode, 'ispermalink') ?? attr(guidNode, 'isPermaLink') ?? 'true').trim().toLowerCase() !== 'false';
  const link =
    // FeedBurner rewrites <link> to its click counter and keeps the publisher's URL here.
    resolveLink(text(node['feedburner:origLink']) ?? text(node['feedburner:origlink']), itemBase) ??
    resolveLink(text(item.link) ?? text(node['link']) ?? attrOf(node['link'], 'href'), itemBase) ??
    atomLink(nodeList(node['atom:link']), itemBase) ??
    (isPermaLink && isHttpUrl(guid) ? guid : undefined) ??
    resolveLink(attr(node, 'rdf:about'), itemBase);
  if (link !== undefined) raw.link = link;

  setText(raw, 'title', text(item.title) ?? firstText(node, ['title', 'dc:title', 'media:title']));
  setText(
    raw,
    'summaryHtml',
    html(item.content) ??
      html(item.summary) ??
      firstHtml(node, ['description', 'dc:description', 'itunes:summary', 'itunes:subtitle', 'media:description']) ??
      mediaGroupDescription(node),
  );
  setText(raw, 'contentHtml', html(item['content:encoded']) ?? firstHtml(node, ['content:encoded', 'body', 'xhtml:body', 'fullitem']));
  setText(raw, 'published', text(item.pubDate) ?? text(item.date) ?? firstText(node, ['pubdate', 'dc:date']));
  setText(raw, 'author', text(item.creator) ?? text(item.author) ?? text(node['dc:creator']));
  return raw;
}

function fromAtom(item: RssParserItem, node: XmlNode, base: string | undefined): RawItem {
  const raw: RawItem = {};
  const entryBase = resolveBase([attr(node, 'xml:base'), base]);
  const id = text(item.id) ?? text(node['id']);
  if (id !== undefined) raw.guid = id;
  // An entry without a page link is often identified by its permalink.
  const link = atomLink(nodeList(node['link']), entryBase) ?? (isHttpUrl(id?.trim()) ? id!.trim() : undefined);
  if (link !== undefined) raw.link = link;
  setText(raw, 'title', atomText(node['title']) ?? text(item.title));
  setText(raw, 'summaryHtml', atomText(node['summary']) ?? html(item.summary));
  setText(raw, 'contentHtml', atomText(node['content']) ?? html(item.content));
  // Atom 0.3 says issued/modified/created; Atom 1.0 published/updated.
  setText(raw, 'published', firstText(node, ['published', 'issued', 'created', 'updated', 'modified', 'dc:date']));
  const author = firstNode(node['author']);
  setText(raw, 'author', text(author?.['name']) ?? text(item.author) ?? text(node['dc:creator']));
  return raw;
}

/**
 * An Atom text construct as written. Base64 is undone where the feed says so: Atom 0.3's
 * mode="base64", or an Atom 1.0 type that is a media type other than text or XML (RFC 4287 §4.1.3.3).
 */
function atomText(value: unknown): string | undefined {
  const node = firstNode(value);
  if (node === undefined) return undefined;
  const body = typeof node._ === 'string' && Object.keys(node).every((k) => k === '_' || k === '$') ? node._ : undefined;
  if (body === undefined) return undefined;
  const type = (attr(node, 'type') ?? '').trim().toLowerCase();
  const binaryType = type.includes('/') && !type.startsWith('text/') && !/[/+]xml$/.test(type);
  const declared = attr(node, 'mode')?.trim().toLowerCase() === 'base64';
  if (declared || binaryType) {
    // A non-text media type with text that is not base64 of UTF-8 is text after all.
    const decoded = fromBase64(body);
    if (decoded !== undefined) return decoded.trim() === '' ? undefined : decoded;
  }
  return body.trim() === '' ? undefined : body;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function fromBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  try {
    return UTF8.decode(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }
}

function mediaGroupDescription(node: XmlNode): string | undefined {
  for (const group of nodeList(node['media:group'])) {
    const d = html(group['media:description']);
    if (d !== undefined) return d;
  }
  return undefined;
}

function firstHtml(node: XmlNode, names: string[]): string | undefined {
  for (const n of names) {
    const h = html(node[n]);
    if (h !== undefined) return h;
  }
  return undefined;
}

/** The page link among Atom <link> elements: rel="alternate" (or no rel) and HTML-typed first. */
function atomLink(links: XmlNode[], base: string | undefined): string | undefined {
  const rank = (l: XmlNode): number => {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    const type = (attr(l, 'type') ?? 'text/html').toLowerCase();
    if (rel !== 'alternate') return rel === 'self' || rel === 'edit' || rel === 'replies' ? 9 : 5;
    return type.includes('html') ? 0 : 2;
  };
  const sorted = links.map((l, i) => ({ l, i, r: rank(l) })).sort((a, b) => a.r - b.r || a.i - b.i);
  for (const { l, r } of sorted) {
    if (r >= 9) break;
    const href = attr(l, 'href') ?? text(l);
    const resolved = resolveLink(href, attr(l, 'xml:base'), base);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

function identifiable(raw: RawItem): boolean {
  return raw.link !== undefined || raw.guid !== undefined || raw.title !== undefined || raw.summaryHtml !== undefined || raw.contentHtml !== undefined;
}

function setText<K extends keyof RawItem>(raw: RawItem, key: K, value: string | undefined): void {
  if (value !== undefined) raw[key] = value;
}

function firstText(node: XmlNode, names: string[]): string | undefined {
  for (const n of names) {
    const t = text(node[n]);
    if (t !== undefined) return t;
  }
  return undefined;
}

function nodeList(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return value.map((v): XmlNode => (typeof v === 'string' ? { _: v } : typeof v === 'object' && v !== null ? (v as XmlNode) : {}));
}

function firstNode(value: unknown): XmlNode | undefined {
  if (Array.isArray(value)) return nodeList(value)[0];
  if (typeof value === 'object' && value !== null) return value as XmlNode;
  if (typeof value === 'string') return { _: value };
  return undefined;
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.$?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function attrOf(value: unknown, name: string): string | undefined {
  for (const n of nodeList(value)) {
    const v = attr(n, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * The text of a value rss-parser or xml2js produced: a string, a node with text under `_`, or (for
 * XHTML content) nested nodes whose text is gathered in document order as far as xml2js kept it.
 */
function text(value: unknown, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) return text(value[0], depth + 1);
  if (typeof value !== 'object' || value === null) return undefined;
  const node = value as XmlNode;
  const parts: string[] = [];
  for (const [key, child] of Object.entries(node)) {
    if (key === '$') continue;
    if (key === '_') {
      if (typeof child === 'string') parts.push(child);
      continue;
    }
    for (const c of Array.isArray(child) ? child : [child]) {
      const t = text(c, depth + 1);
      if (t !== undefined) parts.push(t);
    }
  }
  const joined = parts.join(' ');
  return joined.trim() === '' ? undefined : joined;
}

/** HTML-bearing fields are strings from rss-parser (it re-serialises XHTML); anything else falls back to text. */
function html(value: unknown): string | undefined {
  return typeof value === 'string' ? (value.trim() === '' ? undefined : value) : text(value);
}
