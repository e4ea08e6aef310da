import { Readability } from '@mozilla/readability';
import { boundedHtmlToText, MAX_DEPTH, nestingDepth } from '../articles/bounded-text';
import { htmlToText } from '../articles/html-text';
import { decodeBody } from './charset';
import { FetchError } from './fetch-error';
import { resolveLink } from './feed-links';
import { parseHtmlDocument, type HtmlDocument } from './html-dom';
import { pageBase } from './discover';
import { fetchUrl, PAGE_ACCEPT, type FetchOptions } from './http-client';

export interface MainText {
  title?: string;
  /** The article's prose as plain text, paragraphs separated by blank lines. */
  text: string;
  /** The page's <link rel="canonical">, absolute; the publisher's own name for the article. */
  canonicalUrl?: string;
}

/**
 * The main text of an article page, found by Readability (Firefox's reader view), without menus,
 * related-story lists and comment sections that would otherwise produce matches about other people.
 * A page Readability cannot read yields the whole body's text rather than nothing.
 */
export function extractMainText(html: string, url: string): MainText {
  if (nestingDepth(html, MAX_DEPTH) > MAX_DEPTH) return { text: boundedHtmlToText(html) };
  const canonicalUrl = canonicalLink(parseHtmlDocument(html), url);
  // Readability rewrites the document it reads, so it gets a document of its own.
  const document = parseHtmlDocument(html);
  let title: string | undefined;
  let text = '';
  try {
    const article = new Readability(document).parse();
    if (article?.content) text = htmlToText(article.content);
    if (article?.title) title = article.title.replace(/\s+/g, ' ').trim() || undefined;
  } catch {
    // Readability meets DOM corners linkedom does not implement; the fallback below still reads the page.
  }
  if (text === '') {
    const head = parseHtmlDocument(html).querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim();
    if (title === undefined && head) title = head;
    text = htmlToText(html.replace(/<title[^>]*>[\s\S]*?<\/title>/i, ''));
  }
  const result: MainText = { text };
  if (title !== undefined) result.title = title;
  if (canonicalUrl !== undefined) result.canonicalUrl = canonicalUrl;
  return result;
}

function canonicalLink(document: HtmlDocument, url: string): string | undefined {
  for (const link of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('canonical')) return resolveLink(link.getAttribute('href') ?? undefined, pageBase(document, url));
  }
  return undefined;
}

/**
 * Fetches an article page and extracts its main text: what the article stage calls for sources with
 * fullText on, one page per article job (so that one slow page never holds up a feed poll).
 */
export async function fetchArticleText(url: string, options: Omit<FetchOptions, 'etag' | 'lastModified'> = {}): Promise<MainText & { url: string }> {
  const res = await fetchUrl(url, { accept: PAGE_ACCEPT, ...options });
  // The request carried no validators, so this is a server fault, not a cache hit.
  if (res.kind === 'not-modified') throw new FetchError('http-status', 'HTTP 304 Not Modified to an unconditional request', { status: 304, url });
  const { text } = decodeBody(res.body, res.contentType);
  return { ...extractMainText(text, res.url), url: res.url };
}
