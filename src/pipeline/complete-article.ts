import type { Article } from '../articles/article';
import { privateHostsOf, type FeedsConfig } from '../config/feeds-schema';
import { classifyError } from '../sources/fetch-error';
import { fetchArticleText } from '../sources/full-text';
import type { FetchOptions } from '../sources/http-client';
import type { HostLimiter } from '../util/host-limiter';
import type { Logger } from '../util/logger';

// Fewer words than this in an item and the feed is carrying a teaser, not the story.
const SHORT_ITEM_WORDS = 80;

/**
 * Full text for an article, where its source asks for it or its feed carried only a teaser. A page
 * that cannot be fetched leaves the feed's text to match on, and a warning in the log.
 */
export function articleCompleter(
  feeds: FeedsConfig,
  fetchOptions: Omit<FetchOptions, 'etag' | 'lastModified' | 'privateHosts'>,
  limiter: HostLimiter,
  log: Logger,
): (article: Article) => Promise<Article> {
  return async (article) => {
    const source = feeds.sources.find((s) => s.id === article.sourceId);
    if (!source || !article.url || source.fullText === false) return article;
    const words = `${article.summary} ${article.content}`.split(/\s+/).filter(Boolean).length;
    if (source.fullText !== true && words >= SHORT_ITEM_WORDS) return article;
    try {
      const page = await limiter.run(article.url, () => fetchArticleText(article.url, { ...fetchOptions, privateHosts: privateHostsOf(source) }));
      return page.text.length > article.content.length ? { ...article, content: page.text } : article;
    } catch (err) {
      const e = classifyError(err, article.url);
      log.warn({ source_id: source.id, article_id: article.id, error_kind: e.kind, error: e.message }, 'full text not fetched');
      return article;
    }
  };
}
