import { htmlToText } from './html-text';

/**
 * htmlToText with a guard against nesting bombs. htmlparser2 keeps its element stack with
 * Array.unshift, so time grows with the square of nesting depth: 100,000 nested <div>s (500 KB) take
 * over ten seconds, long enough for one hostile feed item to stall the worker. Real pages nest a few
 * dozen levels deep; past MAX_DEPTH the markup is flattened with a regular expression instead, which
 * loses paragraph breaks but keeps the words.
 */
export const MAX_DEPTH = 1000;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g;

/** The deepest element nesting in an HTML fragment, estimated in one linear scan. */
export function nestingDepth(html: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    if (m[3] === '/' || VOID.has(m[2]!.toLowerCase())) continue;
    if (m[1] === '/') depth = Math.max(0, depth - 1);
    else if (++depth > deepest) {
      deepest = depth;
      if (deepest > stopAt) break;
    }
  }
  return deepest;
}

export function boundedHtmlToText(html: string): string {
  if (nestingDepth(html, MAX_DEPTH) <= MAX_DEPTH) return htmlToText(html);
  const flat = html
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^<>]*>/gi, '\n\n')
    .replace(/<[^<>]*>/g, ' ');
  return htmlToText(flat.replace(/</g, '&lt;'));
}
