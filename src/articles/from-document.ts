import { createHash } from 'node:crypto';
import { decodeBody } from '../sources/charset';
import { FetchError } from '../sources/fetch-error';
import { rootElement } from '../sources/root-element';
import type { Article } from './article';
import { looksLikeHtml } from './looks-like-html';

export class DocumentError extends Error {
  override name = 'DocumentError';
}

const TITLE = /<title[^>]*>([\s\S]*?)<\/title>/i;
const H1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i;
const JSON_FEED = /^\s*\{[\s\S]*"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//;

/**
 * Articles from a document given on the command line: a feed (RSS, RDF, Atom, JSON Feed) whose items
 * become one article each, an HTML page, or plain text whose first line is the headline. Bytes are
 * decoded the way fetched feeds are (byte-order mark, XML declaration, HTML meta charset, else UTF-8).
 */
export async function articlesFromDocument(bytes: Buffer, name: string): Promise<Article[]> {
  const { text } = decodeBody(bytes);
  if (text.includes('\u0000')) throw new DocumentError(`${name}: not a text file`);
  if (text.trim() === '') throw new DocumentError(`${name}: empty`);
  const root = rootElement(text);
  if ((root && root.format !== 'html' && root.format !== 'unknown') || JSON_FEED.test(text)) return fromFeed(text, name);
  if (looksLikeHtml(text)) return [fromHtml(text, name)];
  return [fromPlainText(text, name)];
}

async function fromFeed(text: string, name: string): Promise<Article[]> {
  try {
    // The feed and HTML parsers load only for documents that need them: plain text starts fast.
    const { parseFeed } = require('../sources/parse-feed') as typeof import('../sources/parse-feed');
    const { articleFromItem } = require('./from-item') as typeof import('./from-item');
    const feed = await parseFeed(text);
    if (feed.items.length === 0) throw new DocumentError(`${name}: a feed with no items`);
    return feed.items.map((item) => articleFromItem(item, { id: 'local' }));
  } catch (err) {
    if (err instanceof FetchError) throw new DocumentError(`${name}: ${err.message}`);
    throw err;
  }
}

function documentId(name: string, text: string): string {
  return createHash('sha256').update(name).update('\u0000').update(text).digest('hex').slice(0, 24);
}

export function fromPlainText(text: string, name: string): Article {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const titleIndex = lines.findIndex((l) => l.trim() !== '');
  return {
    id: documentId(name, text),
    sourceId: 'local',
    url: '',
    title: lines[titleIndex]!.trim(),
    summary: '',
    content: lines
      .slice(titleIndex + 1)
      .join('\n')
      .trim(),
  };
}

function fromHtml(html: string, name: string): Article {
  const { htmlToText } = require('./html-text') as typeof import('./html-text');
  const title = htmlToText((TITLE.exec(html) ?? H1.exec(html))?.[1] ?? '');
  return { id: documentId(name, html), sourceId: 'local', url: '', title, summary: '', content: htmlToText(html.replace(TITLE, '')) };
}
