import { watchlistSchema, type Watchlist } from '../../src/config/watchlist-schema';
import { compileWatchlist, type CompiledWatchlist } from '../../src/matching/compile';
import { matchArticle } from '../../src/matching/match-article';

/** A small watchlist written in the test, filled in with the schema's defaults. */
export function watchlist(parts: Record<string, unknown>): Watchlist {
  return watchlistSchema.parse({ version: 1, rules: [{ id: 'mentioned', when: { person: 'any' }, severity: 'low' }], ...parts });
}

export function compiled(parts: Record<string, unknown>): CompiledWatchlist {
  return compileWatchlist(watchlist(parts));
}

/** Match a body of text (no title) and return the matches and alerts. */
export function matchText(c: CompiledWatchlist, content: string, title = '') {
  return matchArticle({ id: 'test-article', title, summary: '', content }, c);
}
