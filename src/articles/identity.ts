import { createHash } from 'node:crypto';
import type { Article } from './article';
import { canonicalUrl } from './canonical-url';

/**
 * Two identities per article, both derived, never random, so every enqueue is idempotent:
 *
 * - the article id says "this is the same item": from the canonical URL when there is one (stable across
 *   feeds, tracking parameters and re-fetches), else from the GUID (only unique within its feed, so
 *   scoped by source), else from the content;
 * - the content fingerprint says "this is the same story": the normalised title and opening words, so
 *   one article reached at two URLs or through two feeds is taken in once.
 *
 * Ids are lower-case hex: safe as BullMQ job ids (no ':') and as Redis key parts.
 */

const ID_HEX_CHARS = 24;
/** Opening words of the text that go into the fingerprint: enough to tell stories apart, few enough
 * that a feed carrying a short summary and one carrying the full text still agree. */
export const FINGERPRINT_WORDS = 16;
// With fewer words than this a fingerprint is mostly the title, and generic titles ("Live updates")
// would merge different stories: such an article's fingerprint is its id instead.
const MIN_FINGERPRINT_WORDS = 6;

export type IdentityBasis = 'url' | 'guid' | 'content';

export interface IdentityInput {
  sourceId: string;
  /** The article's link, absolute. */
  url?: string;
  guid?: string;
  title: string;
  /** Plain text: summary or content. */
  text: string;
}

function hash(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex').slice(0, ID_HEX_CHARS);
}

export function articleId(input: IdentityInput): { id: string; basis: IdentityBasis } {
  const url = input.url === undefined ? undefined : canonicalUrl(input.url);
  if (url !== undefined) return { id: hash('url', url), basis: 'url' };
  const guid = input.guid?.trim();
  if (guid) return { id: hash('guid', input.sourceId, guid), basis: 'guid' };
  return { id: hash('content', input.sourceId, normaliseText(input.title), normaliseText(input.text)), basis: 'content' };
}

/** Lower-case letters and digits of any script, single-spaced: what survives reformatting. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function contentFingerprint(title: string, text: string, fallbackId: string): string {
  const words = normaliseText(text)
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, FINGERPRINT_WORDS);
  if (words.length < MIN_FINGERPRINT_WORDS) return hash('id', fallbackId);
  return hash('fingerprint', normaliseText(title), words.join(' '));
}

/** The fingerprint of an Article as the pipeline carries it (summary first: most feeds have one). */
export function articleFingerprint(article: Pick<Article, 'id' | 'title' | 'summary' | 'content'>): string {
  return contentFingerprint(article.title, article.summary.trim() !== '' ? article.summary : article.content, article.id);
}
