// C0 and C1 controls (tab and newline become spaces below), and the bidirectional embeddings, overrides
// and isolates that can make hostile text display in an order other than the one it is stored in.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Article text as every renderer shows it: on one line, with no control characters. Keeping it on one
 * line means a feed cannot forge a "Link:" line in the plain-text mail or a quote block in Slack.
 */
export function cleanText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ');
}

/** Shortens to at most `max` characters (ellipsis included), never cutting a surrogate pair in two. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut).trimEnd() + '…';
}
