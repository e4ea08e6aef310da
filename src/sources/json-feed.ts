import { FetchError } from './fetch-error';
import { resolveBase, resolveLink } from './feed-links';
import type { ParsedFeed, RawItem } from './raw-item';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Read by hand: rss-parser has no JSON
 * support, and the format is small. Every field is checked for its type, since a feed is untrusted
 * input and JSON.parse promises nothing about shape.
 */
export function parseJsonFeed(text: string, baseUrl: string | undefined): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new FetchError('parse', `malformed JSON: ${err instanceof Error ? err.message.slice(0, 160) : 'unreadable'}`, { cause: err });
  }
  if (!isObject(doc)) throw new FetchError('not-a-feed', 'JSON document is not a JSON Feed (not an object)');
  const version = str(doc['version']);
  const isJsonFeed = version !== undefined && /jsonfeed\.org\/version\//i.test(version);
  if (!isJsonFeed && !Array.isArray(doc['items'])) {
    throw new FetchError('not-a-feed', 'JSON document is not a JSON Feed (no version or items)');
  }

  const site = resolveLink(str(doc['home_page_url']), baseUrl);
  const base = resolveBase([site, str(doc['feed_url']), baseUrl]);
  const items: RawItem[] = [];
  let invalidItems = 0;
  for (const entry of Array.isArray(doc['items']) ? doc['items'] : []) {
    const raw = isObject(entry) ? fromJsonItem(entry, base) : undefined;
    if (raw === undefined) invalidItems++;
    else items.push(raw);
  }

  const feed: ParsedFeed = { format: 'json', items, invalidItems };
  const title = str(doc['title']);
  if (title !== undefined) feed.title = title;
  if (site !== undefined) feed.link = site;
  return feed;
}

function fromJsonItem(item: Record<string, unknown>, base: string | undefined): RawItem | undefined {
  const raw: RawItem = {};
  // Version 1.0 feeds in the wild use numbers for ids; the spec says strings.
  const id = str(item['id']) ?? (typeof item['id'] === 'number' ? String(item['id']) : undefined);
  if (id !== undefined) raw.guid = id;
  const link = resolveLink(str(item['url']), base) ?? resolveLink(str(item['external_url']), base);
  if (link !== undefined) raw.link = link;
  const title = str(item['title']);
  if (title !== undefined) raw.title = escapeHtml(title);
  const summary = str(item['summary']);
  if (summary !== undefined) raw.summaryHtml = escapeHtml(summary);
  const content = str(item['content_html']) ?? mapText(str(item['content_text']), escapeHtml);
  if (content !== undefined) raw.contentHtml = content;
  const published = str(item['date_published']) ?? str(item['date_modified']);
  if (published !== undefined) raw.published = published;
  const author = authorName(item['authors']) ?? authorName(item['author']);
  if (author !== undefined) raw.author = author;
  const identified = raw.link ?? raw.guid ?? raw.title ?? raw.summaryHtml ?? raw.contentHtml;
  return identified === undefined ? undefined : raw;
}

function authorName(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return isObject(first) ? str(first['name']) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function mapText(v: string | undefined, f: (s: string) => string): string | undefined {
  return v === undefined ? undefined : f(v);
}

/** JSON Feed titles, summaries and content_text are plain text; RawItem carries HTML. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
