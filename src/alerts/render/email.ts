import { alertMessageId } from '../delivery-id';
import { alertFacts, type AlertFacts } from '../redact';
import {
  alsoReportedHtml,
  articleLink,
  articleTitle,
  badge,
  card,
  detailsLine,
  evidenceSection,
  heading,
  muted,
  page,
  SEVERITY_COLOR,
  sourceLine,
  t,
} from './email-html';
import { alsoReportedLines, evidenceLines, factLines } from './email-text';
import { cleanText, truncate } from './clean-text';
import { explain } from './explain';
import { headlineParts } from './headline';
import type { AlertView } from './view';
import { autoHeaders, DEFAULT_MESSAGE_ID_DOMAIN, SUBJECT_PREFIX, type EmailRenderOptions, type RenderedEmail } from './email-message';

export { renderDigestEmail, type DigestRenderOptions } from './digest-email';
export { DEFAULT_MESSAGE_ID_DOMAIN, SUBJECT_PREFIX, type EmailRenderOptions, type RenderedEmail } from './email-message';

/** One alert, for one email route: subject at a glance, evidence, link, and why it was sent. */
export function renderAlertEmail(view: AlertView, opts: EmailRenderOptions = {}): RenderedEmail {
  const f = alertFacts(view);
  const domain = opts.messageIdDomain ?? DEFAULT_MESSAGE_ID_DOMAIN;
  const parts = headlineParts(f);
  const subject = `${SUBJECT_PREFIX} ${parts.join(' · ')}`;
  const out: RenderedEmail = {
    subject,
    html: alertHtml(f, parts, opts),
    text: alertText(f, parts, opts),
    messageId: alertMessageId(f.alertId, f.routeId, domain),
    headers: autoHeaders(f.severity),
  };
  // Mail clients thread on these: every follow-up of a story lands under the first alert about it.
  if (f.followUpOf) {
    const first = alertMessageId(f.followUpOf, f.routeId, domain);
    out.inReplyTo = first;
    out.references = [first];
  }
  return out;
}

function alertHtml(f: AlertFacts, parts: string[], opts: EmailRenderOptions): string {
  const [, title = '', ...rest] = parts;
  const { why, change } = explain(f, opts);
  // Phone order: who, what and where; the evidence; when and where it was published; the link.
  const main = [
    `<p style="margin:0;">${badge(f)}</p>`,
    heading(f.redacted && f.who ? `Case ${title}` : title, 1, 10),
    rest.length > 0 ? `<p style="margin:0 0 4px;font-size:18px;">${t(rest.join(' · '))}</p>` : '',
    detailsLine(f),
    articleTitle(f),
    evidenceSection(f),
    sourceLine(f),
    articleLink(f.url, 'Read the article', f.redacted),
    alsoReportedHtml(f),
  ];
  const explanation = [heading('Why this alert', 2, 0), `<p style="margin:0 0 8px;font-size:15px;">${t(why)}</p>`, muted(t(change))];
  const footer = muted(`exilewatch · route ${t(f.routeId)} · alert ${t(f.alertId)}` + (f.followUpOf ? ` · follows alert ${t(f.followUpOf)}` : ''), 12);
  return page({
    title: parts.join(' · '),
    preheader: preheader(f),
    body: [card(main.filter(Boolean).join('\n'), SEVERITY_COLOR[f.severity]), card(explanation.join('\n')), footer].join('\n'),
  });
}

function preheader(f: AlertFacts): string {
  if (f.redacted || !f.snippet) return [f.what.join(', '), f.where.join(', ')].filter(Boolean).join(' · ');
  return truncate(cleanText(f.snippet), 140);
}

function alertText(f: AlertFacts, parts: string[], opts: EmailRenderOptions): string {
  const { why, change } = explain(f, opts);
  const lines = [parts.join(' · '), ''];
  if (f.followUpOf) lines.push(`Follow-up to alert ${f.followUpOf}.`, '');
  lines.push(...factLines(f), '');
  if (f.redacted) lines.push('Names and evidence are not shown on this route. Open the article to read it.', '');
  else if (f.evidence.length > 0) lines.push('Evidence:', ...evidenceLines(f), '');
  const also = alsoReportedLines(f);
  if (also.length > 0) lines.push(...also, '');
  lines.push(`Why: ${why}`, change, '', '--', `exilewatch · route ${f.routeId} · alert ${f.alertId}`, '');
  return lines.join('\n');
}
