import type { Article } from '../articles/article';
import { articleFromItem } from '../articles/from-item';
import { looksLikeHtml } from '../articles/html-text';
import { privateHostsOf, type SourceConfig } from '../config/feeds-schema';
import { decodeBody, type DecodedText } from './charset';
import { discoverFeedUrl, listingLinks } from './discover';
import { FetchError } from './fetch-error';
import { fetchUrl, PAGE_ACCEPT, type FetchNotModified, type FetchOk, type FetchOptions, type FetchResult } from './http-client';
import { mapInSlices } from '../util/in-slices';
import { parseFeed } from './parse-feed';
import type { FeedFormat, ParsedFeed } from './raw-item';

/** What a poll remembers between runs. Plain data: the caller keeps it (see source-health.ts). */
export interface PollState {
  /** Validators from the last successful fetch, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** The feed an HTML source page advertised, fetched directly from then on. */
  feedUrl?: string;
  /** The source URL `feedUrl` was found on: when the configured URL changes, the old find is dropped. */
  feedUrlFoundOn?: string;
}

export interface PollDeps {
  /** The HTTP client; replaceable in tests. */
  fetch?: (url: string, options: FetchOptions) => Promise<FetchResult>;
  /** Limits, timeouts and User-Agent for every request of the poll. */
  fetchOptions?: Omit<FetchOptions, 'etag' | 'lastModified' | 'privateHosts' | 'accept'>;
}

interface PollCommon {
  etag?: string;
  lastModified?: string;
  /** Set when the source's page advertised a feed: store it in PollState.feedUrl. */
  feedUrl?: string;
  feedUrlFoundOn?: string;
  /** The URL the articles were read from, after redirects. */
  fetchedUrl: string;
}

export type PollResult =
  | (PollCommon & {
      outcome: 'ok';
      format: FeedFormat | 'listing';
      title?: string;
      articles: Article[];
      /** Items dropped because nothing identified them or they did not parse. */
      invalidItems: number;
      /** Set when the declared charset did not fit the bytes and another was used. */
      charsetNote?: string;
    })
  | (PollCommon & { outcome: 'not-modified'; articles: []; invalidItems: 0 });

/**
 * One poll of one source, as the queue's poll job runs it: fetch (conditionally), decode, find the feed
 * (an HTML page leads to the feed it advertises), parse, and turn items into Articles. Resolves to the
 * articles or "not modified"; every failure is a thrown FetchError whose kind says whether to retry.
 * Articles are not de-duplicated against earlier polls here: that needs the store, and is the
 * caller's next step (articleFingerprint and the article id).
 */
export async function pollSource(source: SourceConfig, state: PollState, deps: PollDeps = {}): Promise<PollResult> {
  const get = (url: string, extra: Partial<FetchOptions> = {}): Promise<FetchResult> =>
    (deps.fetch ?? fetchUrl)(url, { ...deps.fetchOptions, privateHosts: privateHostsOf(source), ...extra });
  const validators = { ...(state.etag ? { etag: state.etag } : {}), ...(state.lastModified ? { lastModified: state.lastModified } : {}) };

  if (source.kind === 'listing') return pollListing(source, await get(source.url, { ...validators, accept: PAGE_ACCEPT }));

  const remembered = source.kind === 'auto' && state.feedUrl && (state.feedUrlFoundOn ?? source.url) === source.url ? state.feedUrl : undefined;
  if (remembered !== undefined) {
    try {
      const res = await get(remembered, validators);
      const found = { feedUrl: remembered, feedUrlFoundOn: source.url };
      if (res.kind === 'not-modified') return notModified(res, found);
      return await fromFeedResponse(source, res, found);
    } catch (err) {
      // The advertised feed moved or broke for good: look at the page again. Passing trouble (a
      // timeout, a 503) is reported as it is and the remembered feed is tried next time.
      if (!(err instanceof FetchError) || err.retryable) throw err;
    }
  }

  const res = await get(source.url, remembered === undefined ? validators : {});
  if (res.kind === 'not-modified') return notModified(res, {});
  const decoded = decodeBody(res.body, res.contentType);
  const text = decoded.text;
  try {
    return await fromFeedText(source, res, decoded, {});
  } catch (err) {
    if (!(err instanceof FetchError) || err.kind !== 'not-a-feed' || source.kind !== 'auto' || !isHtml(res, text)) throw err;
  }
  const feedUrl = discoverFeedUrl(text, res.url);
  if (feedUrl === undefined) throw new FetchError('not-a-feed', 'an HTML page that advertises no feed', { url: res.url });
  const feedRes = await get(feedUrl);
  const found = { feedUrl, feedUrlFoundOn: source.url };
  if (feedRes.kind === 'not-modified') return notModified(feedRes, found);
  return fromFeedResponse(source, feedRes, found);
}

type Found = Pick<PollCommon, 'feedUrl' | 'feedUrlFoundOn'>;

function fromFeedResponse(source: SourceConfig, res: FetchOk, found: Found): Promise<PollResult> {
  return fromFeedText(source, res, decodeBody(res.body, res.contentType), found);
}

async function fromFeedText(source: SourceConfig, res: FetchOk, decoded: DecodedText, found: Found): Promise<PollResult> {
  let feed: ParsedFeed;
  try {
    feed = await parseFeed(decoded.text, { baseUrl: res.url });
  } catch (err) {
    throw err instanceof FetchError ? err.withUrl(res.url) : err;
  }
  const articles = unique(await mapInSlices(feed.items, (item) => articleFromItem(item, source)));
  const result: PollResult = {
    outcome: 'ok',
    format: feed.format,
    articles,
    invalidItems: feed.invalidItems,
    fetchedUrl: res.url,
    ...validatorsOf(res),
    ...found,
    ...charsetNoteOf(decoded),
  };
  if (feed.title !== undefined) result.title = feed.title;
  return result;
}

function pollListing(source: SourceConfig, res: FetchResult): PollResult {
  if (res.kind === 'not-modified') return notModified(res, {});
  const selector = source.listing?.linkSelector;
  if (selector === undefined) throw new FetchError('parse', 'a listing source needs listing.linkSelector', { url: res.url });
  const decoded = decodeBody(res.body, res.contentType);
  const links = listingLinks(decoded.text, res.url, selector);
  const articles = unique(links.map((l) => articleFromItem({ link: l.url, ...(l.title ? { title: escapeHtml(l.title) } : {}) }, source)));
  return { outcome: 'ok', format: 'listing', articles, invalidItems: 0, fetchedUrl: res.url, ...validatorsOf(res), ...charsetNoteOf(decoded) };
}

/** A declared charset the bytes contradict, for the source's health: the publisher may want to know. */
function charsetNoteOf(decoded: DecodedText): { charsetNote?: string } {
  if (decoded.ignored === undefined) return {};
  const [where, label] = decoded.ignored.split(': ');
  return { charsetNote: `declared ${label ?? ''} (${where ?? ''}) but the bytes are not; read as ${decoded.charset} (${decoded.source})` };
}

function notModified(res: FetchNotModified, found: Found): PollResult {
  return { outcome: 'not-modified', articles: [], invalidItems: 0, fetchedUrl: res.url, ...validatorsOf(res), ...found };
}

function validatorsOf(res: { etag?: string; lastModified?: string }): Pick<PollCommon, 'etag' | 'lastModified'> {
  return { ...(res.etag !== undefined ? { etag: res.etag } : {}), ...(res.lastModified !== undefined ? { lastModified: res.lastModified } : {}) };
}

function isHtml(res: FetchOk, text: string): boolean {
  return /html/i.test(res.contentType ?? '') || looksLikeHtml(text);
}

/** One article per id: feeds repeat items, and two links may be one URL once tracking is removed. */
function unique(articles: Article[]): Article[] {
  const seen = new Set<string>();
  return articles.filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
}

// Link text is plain text; RawItem titles are HTML.
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
