/**
 * The wire format: what a feed said about one item, before the pipeline makes an Article of it
 * (articles/from-item.ts). Text fields are as the feed carried them (HTML or text); links are already
 * absolute http(s) URLs, since resolving them needs the feed's context (xml:base, feed link).
 */
export interface RawItem {
  guid?: string;
  link?: string;
  title?: string;
  summaryHtml?: string;
  contentHtml?: string;
  /** The item's date as written in the feed (RFC 822, RFC 3339 or worse); see feed-date.ts. */
  published?: string;
  author?: string;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  /** The site the feed belongs to. */
  link?: string;
  items: RawItem[];
  /** Items dropped because nothing identified them (no link, guid, title or text) or they did not parse. */
  invalidItems: number;
}
