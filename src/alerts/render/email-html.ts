import type { Action } from '../../config/watchlist-schema';
import type { Evidence } from '../alert';
import type { AlertFacts } from '../redact';
import { cleanText } from './clean-text';
import { contactHref } from './contact-link';
import { highlightSegments } from './highlight';
import { escapeHtml, httpUrl } from './html';
import { OLD_STORY_LEAD, oldStoryDetail, publishedText } from './published';

/*
 * Building blocks of the alert and digest emails. Mail clients drop <style> blocks and external CSS, so
 * every style is inline; one column of blocks with a 600px cap reads on a 360px phone and on a desktop.
 * Every piece of article or config text goes through escapeHtml (via `t`) before it is placed.
 */

export const COLOR = {
  page: '#f3f4f6',
  card: '#ffffff',
  text: '#111827',
  muted: '#4b5563',
  rule: '#e5e7eb',
  quote: '#f9fafb',
  quoteBar: '#9ca3af',
  link: '#1d4ed8',
  todo: '#eff6ff',
  todoBorder: '#bfdbfe',
  todoHead: '#1e3a8a',
} as const;

/*
 * One hue per severity, purple above red as weather and air-quality scales put it, so critical, high and
 * medium differ at a glance and not only by shade; the word is always beside the colour for readers who
 * cannot tell them apart. White text on each passes WCAG AA (at least 5:1), and since the colours are
 * dark and saturated, clients that force dark mode keep the badge and the card's top border readable.
 */
export const SEVERITY_COLOR: Record<AlertFacts['severity'], string> = {
  critical: '#6b21a8',
  high: '#b91c1c',
  medium: '#b45309',
  low: '#374151',
};

const MARK_COLOR: Record<Evidence['highlights'][number]['kind'], string> = {
  person: '#fde68a',
  signal: '#fecaca',
  context: '#bfdbfe',
};

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
// Long URLs and unbroken words must wrap rather than widen the page past a phone's screen.
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';

/** Escapes article or config text for HTML, on one line and without control characters. */
export function t(text: string): string {
  return escapeHtml(cleanText(text));
}

export function page(o: { title: string; preheader: string; body: string }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<meta name="supported-color-schemes" content="light">',
    `<title>${t(o.title)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:${COLOR.page};-webkit-text-size-adjust:100%;">`,
    // The preheader is the line inbox lists show after the subject.
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${t(o.preheader)}</div>`,
    // Outlook on Windows ignores max-width; a fixed-width table holds the column there.
    '<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->',
    `<div style="max-width:600px;margin:0 auto;padding:12px 10px 24px;font-family:${FONT};font-size:16px;line-height:1.5;color:${COLOR.text};${WRAP}">`,
    o.body,
    '</div>',
    '<!--[if mso]></td></tr></table><![endif]-->',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function card(inner: string, accent?: string): string {
  const top = accent ? `border-top:6px solid ${accent};` : `border-top:1px solid ${COLOR.rule};`;
  return `<div style="background:${COLOR.card};${top}border-radius:8px;padding:16px;margin:0 0 12px;">\n${inner}\n</div>`;
}

export function badge(f: Pick<AlertFacts, 'severity' | 'followUpOf' | 'oldStory'>): string {
  const follow = f.followUpOf ? ` <span style="font-size:13px;color:${COLOR.muted};font-weight:600;">· FOLLOW-UP</span>` : '';
  const old = f.oldStory
    ? ` <span style="display:inline-block;border:1px solid ${COLOR.muted};color:${COLOR.muted};font-size:13px;font-weight:700;` +
      `letter-spacing:0.05em;padding:1px 7px;border-radius:4px;">OLD STORY</span>`
    : '';
  return (
    `<span style="display:inline-block;background:${SEVERITY_COLOR[f.severity]};color:#ffffff;font-size:14px;font-weight:700;` +
    `letter-spacing:0.05em;padding:3px 10px;border-radius:4px;">${t(f.severity.toUpperCase())}</span>${old}${follow}`
  );
}

/** The old-story warning as a line of its own under the headline; nothing for recent news. */
export function oldStoryBanner(f: Pick<AlertFacts, 'oldStory' | 'ageMs'>): string {
  const detail = oldStoryDetail(f);
  if (!detail) return '';
  return (
    `<p style="margin:8px 0;padding:8px 12px;background:${COLOR.page};border-left:4px solid ${COLOR.muted};border-radius:2px;font-size:15px;">` +
    `<strong>${t(OLD_STORY_LEAD)}:</strong> ${t(detail)}</p>`
  );
}

/** "What to do", a box near the top: the first thing a reader who has to act looks for. */
export function actionsHtml(actions: readonly Action[]): string {
  if (actions.length === 0) return '';
  // The contact on a line of its own: on a phone, "Call …" and the number to tap read as two things.
  const items = actions.map((a) => {
    const contact = a.contact ? `<br>${contactHtml(a.contact)}` : '';
    const note = a.note ? `<br><span style="font-size:14px;color:${COLOR.muted};">${t(a.note)}</span>` : '';
    return `<li style="margin:0 0 8px;"><strong>${t(a.do)}</strong>${contact}${note}</li>`;
  });
  return (
    `<div style="margin:12px 0;padding:10px 12px;background:${COLOR.todo};border:1px solid ${COLOR.todoBorder};border-left:4px solid ${COLOR.link};border-radius:4px;">` +
    `<p style="margin:0 0 6px;font-size:13px;font-weight:700;letter-spacing:0.05em;color:${COLOR.todoHead};">WHAT TO DO</p>` +
    `<ul style="margin:0;padding-left:20px;">${items.join('')}</ul></div>`
  );
}

function contactHtml(contact: string): string {
  const href = contactHref(contact);
  if (!href) return t(contact);
  // A phone number broken over two lines is misread; an address may have to wrap on a narrow screen.
  const wrap = href.startsWith('tel:') ? 'white-space:nowrap;' : WRAP;
  return `<a href="${escapeHtml(href)}" style="color:${COLOR.link};font-weight:600;${wrap}">${t(contact)}</a>`;
}

export function heading(text: string, level: 1 | 2 | 3, marginTop = 12): string {
  const size = level === 1 ? 24 : level === 2 ? 18 : 16;
  return `<h${level} style="margin:${marginTop}px 0 6px;font-size:${size}px;line-height:1.25;font-weight:700;">${t(text)}</h${level}>`;
}

export function muted(html: string, size = 14): string {
  return `<p style="margin:6px 0;font-size:${size}px;color:${COLOR.muted};">${html}</p>`;
}

export function evidenceHtml(e: Evidence): string {
  const body = highlightSegments(e)
    .map((s) =>
      s.mark
        ? `<mark style="background:${MARK_COLOR[s.mark]};color:${COLOR.text};padding:0 2px;border-radius:2px;font-weight:600;">${escapeHtml(s.text)}</mark>`
        : escapeHtml(s.text),
    )
    .join('');
  const where = e.field === 'title' ? muted('in the headline', 13) : '';
  return (
    `<div style="margin:0 0 10px;padding:8px 12px;background:${COLOR.quote};border-left:4px solid ${COLOR.quoteBar};border-radius:2px;">` +
    `<p style="margin:0;">${body}</p>${where}</div>`
  );
}

/**
 * The article link: a wide button when the URL is http(s), escaped text otherwise. The address under
 * the button lets the reader see where it goes before tapping; on a redacted route only its host is
 * shown, since article paths often spell out the person's name.
 */
export function articleLink(url: string, label: string, redacted = false): string {
  const href = httpUrl(url);
  if (!href) {
    return muted(`Link (not opened: not an http or https address): <code>${t(url)}</code>`);
  }
  const shown = redacted ? new URL(href).host : href;
  return (
    `<p style="margin:14px 0 4px;"><a href="${escapeHtml(href)}" style="display:block;background:${COLOR.link};color:#ffffff;` +
    `text-align:center;text-decoration:none;font-weight:600;padding:12px 16px;border-radius:6px;">${t(label)}</a></p>` +
    `<p style="margin:0 0 10px;font-size:13px;color:${COLOR.muted};${WRAP}">${t(shown)}</p>`
  );
}

export function inlineLink(url: string, label: string): string {
  const href = httpUrl(url);
  if (!href) return `${t(label)} <code>${t(url)}</code>`;
  return `<a href="${escapeHtml(href)}" style="color:${COLOR.link};${WRAP}">${t(label)}</a>`;
}

export function sourceLine(f: AlertFacts): string {
  return muted(`${t(f.sourceName ?? f.sourceId)} · ${t(publishedText(f))}`);
}

export function alsoReportedHtml(f: AlertFacts): string {
  if (f.alsoReportedBy.length === 0) return '';
  const items = f.alsoReportedBy.map((r) => `<li style="margin:0 0 4px;">${inlineLink(r.url, r.sourceName ?? r.sourceId)}</li>`).join('');
  return `${muted('Also reported by', 14)}<ul style="margin:0 0 8px;padding-left:20px;font-size:14px;">${items}</ul>`;
}

/** The case code (so an email can be matched to a redacted Slack message) and other contexts. */
export function detailsLine(f: AlertFacts): string {
  const bits: string[] = [];
  if (f.caseCode && !f.redacted) bits.push(`case ${f.caseCode}`);
  if (f.about.length > 0) bits.push(`also about ${f.about.join(', ')}`);
  return bits.length > 0 ? muted(t(bits.join(' · '))) : '';
}

/** The title in bold, unless an evidence quote already shows it, highlighted. */
export function articleTitle(f: AlertFacts): string {
  if (!f.title || f.evidence.some((e) => e.field === 'title')) return '';
  return `<p style="margin:10px 0 0;font-weight:700;">${t(f.title)}</p>`;
}

export function evidenceSection(f: AlertFacts, level: 2 | 3 = 2): string {
  if (f.redacted) return muted('Names and evidence are not shown on this route. Open the article to read it.');
  if (f.evidence.length === 0) return '';
  return [heading('Evidence', level, 14), ...f.evidence.map(evidenceHtml)].join('\n');
}
