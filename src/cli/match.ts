import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { articlesFromDocument, DocumentError } from '../articles/from-document';
import type { Article } from '../articles/article';
import { compileWatchlist } from '../matching/compile';
import { matchArticle } from '../matching/match-article';
import type { Watchlist } from '../config/watchlist-schema';
import { UserError } from './user-error';
import { ANSI, PLAIN, toJson, toText, type ArticleResult } from './format-match';

export interface MatchOptions {
  /** Files, directories (their files, in name order) or - for standard input. */
  inputs: string[];
  format: 'text' | 'json';
  color: boolean;
  /** A person id: say, for each article, why their rules did or did not fire. */
  explain?: string;
  /** `match URL` may fetch from a private or loopback address (the URL's own host only). */
  allowPrivateNetwork?: boolean;
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

/** A directory stands for the files in it, hidden ones left out. */
function expand(input: string): string[] {
  if (input === '-') return [input];
  let dir = false;
  try {
    dir = statSync(input).isDirectory();
  } catch {
    return [input];
  }
  if (!dir) return [input];
  const files = readdirSync(input, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(input, e.name))
    .sort();
  if (files.length === 0) throw new UserError(`${input}: no files in this directory`);
  return files;
}

async function articlesOf(file: string): Promise<Article[]> {
  try {
    return await articlesFromDocument(readInput(file), file === '-' ? 'standard input' : file);
  } catch (err) {
    if (err instanceof DocumentError) throw new UserError(err.message);
    throw err;
  }
}

export async function runMatch(opts: MatchOptions, watchlist: Watchlist): Promise<string> {
  const compiled = compileWatchlist(watchlist);
  if (opts.explain !== undefined && !compiled.peopleById.has(opts.explain)) {
    // Loaded only for the mistake: its edit distance comes from natural, which a match does not need.
    const { didYouMean } = require('../util/did-you-mean') as typeof import('../util/did-you-mean');
    throw new UserError(`--explain: no person with id "${opts.explain}" in the watchlist${didYouMean(opts.explain, compiled.peopleById.keys())}`);
  }
  const articles: Article[] = [];
  for (const input of opts.inputs) {
    if (/^https?:\/\//i.test(input)) {
      // Loaded only for a URL: the HTTP stack is most of what a file's match would otherwise start with.
      const { articleFromUrl } = require('./match-url') as typeof import('./match-url');
      articles.push(await articleFromUrl(input, { allowPrivateNetwork: opts.allowPrivateNetwork === true }));
    } else for (const file of expand(input)) articles.push(...(await articlesOf(file)));
  }
  const explainPerson = opts.explain === undefined ? undefined : (require('../matching/explain') as typeof import('../matching/explain')).explainPerson;
  const results: ArticleResult[] = articles.map((article) => ({
    article,
    ...matchArticle(article, compiled),
    ...(explainPerson && opts.explain !== undefined ? { explanation: explainPerson(article, compiled, opts.explain) } : {}),
  }));
  if (opts.format === 'json') return JSON.stringify(toJson(results), null, 2) + '\n';
  return toText(results, opts.color ? ANSI : PLAIN, watchlist.routes);
}
