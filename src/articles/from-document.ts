import { createHash } from 'node:crypto';
import type { Article } from './article';
import { htmlToText, looksLikeHtml } from './html-text';

export class DocumentError extends Error {
  override name = 'DocumentError';
}

const TITLE = /<title[^>]*>([\s\S]*?)<\/title>/i;
const H1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i;

/**
 * Articles from a document given on the command line: plain text (first line is the headline), an HTML
 * page, or a feed whose items become one article each.
 */
export function articlesFromDocument(text: string, name: string): Article[] {
  if (text.includes('\u0000')) throw new DocumentError(`${name}: not a text file`);
  const body = text.replace(/^\ufeff/, '');
  if (body.trim() === '') throw new DocumentError(`${name}: empty`);
  if (looksLikeHtml(body)) return [fromHtml(body, name)];
  return [fromPlainText(body, name)];
}

function documentId(name: string, text: string): string {
  return createHash('sha256').update(name).update('\u0000').update(text).digest('hex').slice(0, 24);
}

export function fromPlainText(text: string, name: string): Article {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const titleIndex = lines.findIndex((l) => l.trim() !== '');
  const rest = lines.slice(titleIndex + 1).join('\n');
  return {
    id: documentId(name, text),
    sourceId: 'local',
    url: '',
    title: lines[titleIndex]!.trim(),
    summary: '',
    content: rest.trim(),
  };
}

function fromHtml(html: string, name: string): Article {
  const title = htmlToText((TITLE.exec(html) ?? H1.exec(html))?.[1] ?? '');
  const body = html.replace(TITLE, '');
  return { id: documentId(name, html), sourceId: 'local', url: '', title, summary: '', content: htmlToText(body) };
}
