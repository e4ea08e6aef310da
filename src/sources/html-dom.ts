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

export function parseHtmlDocument(html: string): HtmlDocument {
  return linkedom.parseHTML(html).document;
}
