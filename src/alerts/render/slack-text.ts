import type { Evidence } from '../alert';
import { cleanText, truncate } from './clean-text';
import { highlightSegments } from './highlight';
import { httpUrl } from './html';

/**
 * Text for Slack. Slack reads <…> as control sequences (<!channel>, <@U123>, <http://x|label>) and
 * &amp; &lt; &gt; as the only escapes, so those three characters are escaped in every piece of text
 * exilewatch did not write. Bare @here / @channel / @everyone get a zero-width space after the @ so
 * no client or future parse setting turns them into a mention.
 */
export function slackEscape(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=(?:here|channel|everyone)\b)/gi, '@\u200b');
}

/** Escaped text no longer than `max` once escaped: cut before escaping, so no entity is cut in two. */
export function slackEscapeWithin(text: string, max: number): string {
  let limit = max;
  let out = slackEscape(text);
  while (out.length > max && limit > 1) {
    limit = Math.max(1, Math.floor(limit * 0.8));
    out = slackEscape(truncate(cleanText(text), limit));
  }
  return out;
}

/** A mrkdwn link when the URL is http(s); the escaped URL as text otherwise. */
export function slackLink(url: string, label: string): string {
  const href = httpUrl(url);
  if (!href) return `${slackEscape(label)} (${slackEscape(url)})`;
  // Inside <url|label>, a | ends the URL and > ends the link.
  const safeHref = href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safeHref}|${slackEscape(label).replace(/\|/g, '¦')}>`;
}

/** An evidence sentence as mrkdwn, matched words in *bold*. */
export function evidenceMrkdwn(e: Evidence, maxChars?: number): string {
  return highlightSegments(e, maxChars)
    .map((s) => {
      if (!s.mark) return slackEscape(s.text);
      // Slack bolds only when the asterisks touch the word; an asterisk inside would end the bold early.
      const inner = s.text.trim();
      const lead = s.text.startsWith(' ') ? ' ' : '';
      const trail = s.text.endsWith(' ') ? ' ' : '';
      return inner ? `${lead}*${slackEscape(inner).replace(/\*/g, '∗')}*${trail}` : s.text;
    })
    .join('');
}
