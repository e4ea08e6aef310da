import type { SourceConfig } from '../config/feeds-schema';
import { parseFeedDate } from '../sources/feed-date';
import type { RawItem } from '../sources/raw-item';
import type { Article } from './article';
import { boundedHtmlToText } from './bounded-text';
import { articleId } from './identity';

/** The parts of a source's config an article takes from it. */
export type ItemSource = Pick<SourceConfig, 'id'> & Partial<Pick<SourceConfig, 'language'>>;

// An alert shows the title; a title-less item gets the start of its text instead.
const FALLBACK_TITLE_CHARS = 120;
const MAX_AUTHOR_CHARS = 200;

/**
 * The adapter from wire format to domain model: one feed item to one Article, all text plain (HTML
 * markup and entities resolved by htmlToText, scripts dropped), the date in ISO 8601 or absent.
 */
export function articleFromItem(item: RawItem, source: ItemSource): Article {
  const summary = plain(item.summaryHtml);
  let content = plain(item.contentHtml);
  // Many feeds repeat the description as content; matching the same words twice adds nothing.
  if (content === summary) content = '';
  const title = oneLine(plain(item.title)) || markupLikeTitle(item.title) || fallbackTitle(summary || content) || (item.link ?? '');

  const url = item.link ?? '';
  const { id } = articleId({ sourceId: source.id, url, ...(item.guid === undefined ? {} : { guid: item.guid }), title, text: summary || content });
  const article: Article = { id, sourceId: source.id, url, title, summary, content };
  const publishedAt = parseFeedDate(item.published);
  if (publishedAt !== undefined) article.publishedAt = publishedAt;
  const author = oneLine(plain(item.author)).slice(0, MAX_AUTHOR_CHARS);
  if (author !== '') article.author = author;
  if (source.language !== undefined) article.language = source.language;
  return article;
}

function plain(html: string | undefined): string {
  return html === undefined ? '' : cleanText(boundedHtmlToText(html));
}

// windows-1252's characters for bytes 0x80–0x9F, by offset; undefined bytes stay as they are.
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Control characters are never meant in feed text. C1 controls come from "&#146;"-style references or
 * from windows-1252 bytes decoded as Latin-1 upstream, and stand for curly quotes and dashes; other
 * controls (a stray backspace) are dropped.
 */
export function cleanText(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** A title such as "</example>" reads as nothing in HTML; with no opening tag in it, it is text after all. */
function markupLikeTitle(title: string | undefined): string {
  if (title === undefined || /<[a-z!?]/i.test(title)) return '';
  return oneLine(cleanText(title));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fallbackTitle(text: string): string {
  const line = oneLine(text);
  if (line.length <= FALLBACK_TITLE_CHARS) return line;
  const cut = line.slice(0, FALLBACK_TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > FALLBACK_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
