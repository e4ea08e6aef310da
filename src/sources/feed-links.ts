/**
 * Links found in feeds are publisher-controlled text. Only absolute http(s) URLs leave this module:
 * relative ones are resolved, and everything else (javascript:, data:, vbscript:, file:, mailto: …)
 * is dropped, since an alert must never carry a link that runs code when an NGO worker clicks it.
 */

/**
 * Resolves `href` against the bases in order of precedence (xml:base of the element, of the feed, the
 * feed's own link, the URL it was fetched from). Undefined when the result is not an http(s) URL.
 */
export function resolveLink(href: string | undefined, ...bases: (string | undefined)[]): string | undefined {
  if (href === undefined) return undefined;
  const trimmed = href.trim();
  if (trimmed === '') return undefined;
  const base = resolveBase(bases);
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return undefined;
  }
  // Checked after parsing, as a browser would see it: WHATWG parsing drops the tabs and newlines in
  // "java\tscript:", which a check on the raw text would miss.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '') return undefined;
  return url.href;
}

/** Folds a chain of bases, innermost first, into one absolute base (xml:base may itself be relative). */
export function resolveBase(bases: (string | undefined)[]): string | undefined {
  let resolved: string | undefined;
  for (let i = bases.length - 1; i >= 0; i--) {
    const b = bases[i]?.trim();
    if (!b) continue;
    try {
      const u = resolved === undefined ? new URL(b) : new URL(b, resolved);
      if (u.protocol === 'http:' || u.protocol === 'https:') resolved = u.href;
    } catch {
      // A relative base with nothing absolute behind it gives no base at all.
    }
  }
  return resolved;
}

export function isHttpUrl(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
