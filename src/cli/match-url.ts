import type { Article } from '../articles/article';
import { FetchError, classifyError } from '../sources/fetch-error';
import { fetchArticleText } from '../sources/full-text';
import { FETCH_DEFAULTS, userAgentFor } from '../sources/http-client';
import { VERSION } from '../version';
import { UserError } from './user-error';

/**
 * An article page fetched as the worker fetches full text: the same address policy (no private,
 * loopback or metadata addresses unless allowed, every redirect checked), size and time limits, and
 * reader-view extraction, so `match URL` matches the text the worker would.
 */
export async function articleFromUrl(url: string, opts: { allowPrivateNetwork: boolean }): Promise<Article> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new UserError(`${url}: not a valid URL`);
  }
  try {
    const page = await fetchArticleText(url, { ...FETCH_DEFAULTS, userAgent: userAgentFor(VERSION), privateHosts: opts.allowPrivateNetwork ? [host] : [] });
    return { id: page.canonicalUrl ?? page.url, sourceId: 'command line', url: page.url, title: page.title ?? '', summary: '', content: page.text };
  } catch (err) {
    const e = err instanceof FetchError ? err : classifyError(err, url);
    // The worker's message names the feeds file's setting; here it is an option.
    throw new UserError(`${url}: ${e.kind}: ${e.message.replace('set allowPrivateNetwork to allow', 'add --allow-private-network to allow')}`);
  }
}
