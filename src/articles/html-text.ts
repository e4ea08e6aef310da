import { Parser } from 'htmlparser2';

export { looksLikeHtml } from './looks-like-html';

// Elements whose text is never article prose.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'head', 'select', 'button', 'nav', 'form']);
// Elements that end a line of text: without the break, "detained.</p><p>Sochua" would read as one sentence.
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'dd',
  'dt',
  'hr',
  'main',
]);

/**
 * Plain text of an HTML fragment or page: tags dropped, entities decoded, scripts and styles ignored,
 * blocks separated by blank lines so that paragraphs stay apart for sentence splitting.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        else if (BLOCK.has(name)) out.push('\n\n');
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCK.has(name)) out.push('\n\n');
      },
      ontext(text) {
        if (skipDepth === 0) out.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return out
    .join('')
    .replace(/[ \t\f\v\u00a0]*\n[ \t\f\v\u00a0\n]*\n[ \t\f\v\u00a0]*/g, '\n\n')
    .replace(/[ \t\f\v]+/g, ' ')
    .trim();
}
