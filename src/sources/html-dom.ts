import { MAX_DEPTH, nestingDepth } from '../articles/bounded-text';
import { FetchError } from './fetch-error';

/**
 * A DOM for HTML pages, from linkedom: small and fast, and enough for querySelectorAll and Readability.
 *
 * linkedom's package runs as CommonJS under require() (its "default" export condition) but publishes
 * types only for its ES module build, which TypeScript refuses to import from a CommonJS file. So it is
 * loaded with require() and typed here with the few members this project uses.
 */

export interface HtmlElement {
  readonly tagName: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): HtmlElement | null;
}

export interface HtmlDocument {
  querySelector(selector: string): HtmlElement | null;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
  readonly body: HtmlElement | null;
}

interface Linkedom {
  parseHTML(html: string): { document: HtmlDocument };
}
const linkedom = require('linkedom') as Linkedom;

/**
 * Parses a page; refuses one nested deeper than MAX_DEPTH, which would take htmlparser2 (under
 * linkedom) time quadratic in the depth (see articles/bounded-text.ts).
 */
export function parseHtmlDocument(html: string): HtmlDocument {
  if (nestingDepth(html, MAX_DEPTH) > MAX_DEPTH) throw new FetchError('parse', `HTML nested more than ${MAX_DEPTH} elements deep`);
  return linkedom.parseHTML(html).document;
}
