import { FetchError } from './fetch-error';
import { resolveBase, resolveLink } from './feed-links';
import { parseHtmlDocument, type HtmlDocument, type HtmlElement } from './html-dom';

/**
 * Reading HTML pages that point at articles: a site's home page that advertises its feed
 * (<link rel="alternate" type="application/rss+xml">), and a listing page whose article links are
 * picked out with a CSS selector (for sites that publish no feed).
 */

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/rdf+xml']);

/** The base for a page's relative links: its <base href>, else its URL. */
export function pageBase(document: HtmlDocument, pageUrl: string): string | undefined {
  return resolveBase([document.querySelector('base[href]')?.getAttribute('href') ?? undefined, pageUrl]);
}

/**
 * Every feed the page advertises, absolute, first-listed first (sites list their main feed before
 * comment or category feeds). Empty when it advertises none.
 */
export function discoverFeedUrls(html: string, pageUrl: string): string[] {
  const document = parseHtmlDocument(html);
  const base = pageBase(document, pageUrl);
  const found: string[] = [];
  for (const link of Array.from(document.querySelectorAll('link[href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate')) continue;
    const type = (link.getAttribute('type') ?? '').toLowerCase().split(';')[0]!.trim();
    if (!FEED_TYPES.has(type)) continue;
    const url = resolveLink(link.getAttribute('href') ?? undefined, base);
    if (url !== undefined && !found.includes(url)) found.push(url);
  }
  return found;
}

export function discoverFeedUrl(html: string, pageUrl: string): string | undefined {
  return discoverFeedUrls(html, pageUrl)[0];
}

export interface ListingLink {
  url: string;
  /** The link's text (or its title attribute): the best title a listing gives. */
  title: string;
}

/**
 * Article links on a listing page: the elements `selector` matches, each an <a href> or an element
 * holding one. Links are absolute http(s) URLs, each once, in page order.
 */
export function listingLinks(html: string, pageUrl: string, selector: string): ListingLink[] {
  const document = parseHtmlDocument(html);
  const base = pageBase(document, pageUrl);
  let matches: ArrayLike<HtmlElement>;
  try {
    matches = document.querySelectorAll(selector);
  } catch (err) {
    throw new FetchError('parse', `listing selector ${JSON.stringify(selector)} is not valid CSS: ${(err as Error).message}`, { cause: err });
  }
  const links: ListingLink[] = [];
  const seen = new Set<string>();
  for (const el of Array.from(matches)) {
    const anchor = el.tagName.toLowerCase() === 'a' && el.hasAttribute('href') ? el : el.querySelector('a[href]');
    if (anchor === null) continue;
    const url = resolveLink(anchor.getAttribute('href') ?? undefined, base);
    if (url === undefined || seen.has(url)) continue;
    seen.add(url);
    const title = (anchor.textContent ?? '').replace(/\s+/g, ' ').trim() || (anchor.getAttribute('title') ?? '').trim();
    links.push({ url, title });
  }
  return links;
}
