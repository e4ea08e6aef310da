import { FetchError } from './fetch-error';
import { parseJsonFeed } from './json-feed';
import type { ParsedFeed } from './raw-item';
import { parseXmlFeed } from './xml-feed';

export type { FeedFormat, ParsedFeed, RawItem } from './raw-item';

export interface ParseFeedOptions {
  /** The URL the document was fetched from: the last resort for resolving relative links. */
  baseUrl?: string;
}

/**
 * A decoded document to a feed: RSS, RDF, Atom or JSON Feed, told apart by content (servers label feeds
 * text/html, text/plain or application/octet-stream often enough that Content-Type is no guide).
 * Resolves to a ParsedFeed or rejects with FetchError 'not-a-feed' or 'parse'; never anything else.
 */
export async function parseFeed(text: string, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const doc = text.replace(/^[\ufeff\u0000\s]+/, '');
  try {
    if (doc === '') throw new FetchError('not-a-feed', 'empty document');
    if (doc.startsWith('{')) return parseJsonFeed(doc, options.baseUrl);
    if (doc.startsWith('<')) return await parseXmlFeed(doc, options.baseUrl);
    if (doc.startsWith('[')) throw new FetchError('not-a-feed', 'JSON document is not a JSON Feed (an array)');
    throw new FetchError('not-a-feed', 'neither XML nor JSON');
  } catch (err) {
    if (err instanceof FetchError) throw err;
    // A bug here or in a library must not escape as a TypeError that the queue cannot classify.
    throw new FetchError('parse', `feed could not be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  }
}
