import { readFileSync } from 'node:fs';
import { articlesFromDocument, DocumentError } from '../articles/from-document';
import { compileWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import type { Watchlist } from '../config/watchlist-schema';
import { UserError } from './user-error';
import { ANSI, PLAIN, toJson, toText, type ArticleResult } from './format-match';

export interface MatchOptions {
  file: string;
  format: 'text' | 'json';
  color: boolean;
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UserError(`${file}: ${why}`);
  }
}

export async function runMatch(opts: MatchOptions, watchlist: Watchlist): Promise<string> {
  const text = readInput(opts.file);
  let articles;
  try {
    articles = await articlesFromDocument(text, opts.file === '-' ? 'standard input' : opts.file);
  } catch (err) {
    if (err instanceof DocumentError) throw new UserError(err.message);
    throw err;
  }
  const compiled = compileWatchlist(watchlist);
  const results: ArticleResult[] = articles.map((article) => ({ article, ...matchArticle(article, compiled) }));
  if (opts.format === 'json') return JSON.stringify(toJson(results), null, 2) + '\n';
  return toText(results, opts.color ? ANSI : PLAIN);
}
