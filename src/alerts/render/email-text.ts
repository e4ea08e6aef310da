import type { Action } from '../../config/watchlist-schema';
import type { Evidence } from '../alert';
import type { AlertFacts } from '../redact';
import { formatAge } from './article-age';
import { cleanText } from './clean-text';
import { formatTime } from './format-time';
import { highlightSegments } from './highlight';
import { httpUrl } from './html';

/*
 * The plain-text part: the same facts as the HTML, for clients that show text only and for screen
 * readers that prefer it. Matched words are [bracketed], where the HTML marks them.
 */

export function evidenceText(e: Evidence): string {
  const body = highlightSegments(e)
    .map((s) => (s.mark ? `[${s.text}]` : s.text))
    .join('');
  return e.field === 'title' ? `${body} (headline)` : body;
}

export function line(label: string, value: string): string {
  return `${label}: ${cleanText(value)}`;
}

/** The facts block of one alert: who, what, where, the article, its source and time, the link. */
export function factLines(f: AlertFacts): string[] {
  const out: string[] = [];
  if (f.who) out.push(line('Who', whoText(f)));
  if (f.what.length > 0) out.push(line('What', f.what.join(', ')));
  if (f.where.length > 0) out.push(line('Where', f.where.join(', ')));
  if (f.about.length > 0) out.push(line('Also about', f.about.join(', ')));
  if (f.title) out.push(line('Article', f.title));
  out.push(line('Source', f.sourceName ?? f.sourceId));
  const published = formatTime(f.publishedAt, f.timeZone);
  const detected = formatTime(f.detectedAt, f.timeZone);
  const ago = f.ageMs === undefined ? '' : `${formatAge(f.ageMs)} · `;
  out.push(published ? line('Published', `${ago}${published}`) : detected ? line('Seen', `${detected} (no publication time given)`) : 'Published: not given');
  const href = httpUrl(f.url);
  out.push(href ? line('Link', href) : line('Link (not an http or https address, not opened)', f.url));
  return out;
}

/** The name with its case code, so a reader can match an email to a redacted Slack message. */
export function whoText(f: AlertFacts): string {
  if (f.redacted) return `case ${f.caseCode ?? f.who ?? ''}`;
  return f.caseCode ? `${f.who ?? ''} (case ${f.caseCode})` : (f.who ?? '');
}

export function evidenceLines(f: AlertFacts, indent = ''): string[] {
  return f.evidence.map((e) => `${indent}> ${evidenceText(e)}`);
}

export function alsoReportedLines(f: AlertFacts): string[] {
  if (f.alsoReportedBy.length === 0) return [];
  return ['Also reported by:', ...f.alsoReportedBy.map((r) => `- ${cleanText(r.sourceName ?? r.sourceId)}: ${cleanText(r.url)}`)];
}

/** "What to do:" and one line per action, a note indented under it; nothing when there are none. */
export function actionLines(actions: readonly Action[], indent = ''): string[] {
  if (actions.length === 0) return [];
  const out = [`${indent}What to do:`];
  for (const a of actions) {
    out.push(`${indent}- ${cleanText(a.do)}${a.contact ? `: ${cleanText(a.contact)}` : ''}`);
    if (a.note) out.push(`${indent}  ${cleanText(a.note)}`);
  }
  return out;
}
