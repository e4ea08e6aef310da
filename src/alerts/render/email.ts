import { alertMessageId } from '../delivery-id';
import { alertFacts, type AlertFacts } from '../redact';
import {
  actionsHtml,
  alsoReportedHtml,
  articleLink,
  articleTitle,
  badge,
  card,
  detailsLine,
  evidenceSection,
  heading,
  muted,
  oldStoryBanner,
  page,
  SEVERITY_COLOR,
  sourceLine,
  t,
} from './email-html';
import { actionLines, alsoReportedLines, evidenceLines, factLines } from './email-text';
import { cleanText, truncate } from './clean-text';
import { explain } from './explain';
import { headlineParts } from './headline';
import { OLD_STORY_MARK, oldStoryText } from './published';
import type { AlertView } from './view';
import { autoHeaders, DEFAULT_MESSAGE_ID_DOMAIN, SUBJECT_PREFIX, type EmailRenderOptions, type RenderedEmail } from './email-message';

export { renderDigestEmail, type DigestRenderOptions } from './digest-email';
export { DEFAULT_MESSAGE_ID_DOMAIN, SUBJECT_PREFIX, type EmailRenderOptions, type RenderedEmail } from './email-message';

export interface AlertEmailOptions extends EmailRenderOptions {
  /** When the email is rendered (epoch ms): the article's age is counted from it. */
  now: number;
}

/** One alert, for one email route: subject at a glance, what to do, evidence, link, and the rule that fired. */
export function renderAlertEmail(view: AlertView, opts: AlertEmailOptions): RenderedEmail {
  const f = alertFacts(view, opts.now);
  const domain = opts.messageIdDomain ?? DEFAULT_MESSAGE_ID_DOMAIN;
  const parts = headlineParts(f);
  // The mark comes before the severity, so an inbox list says "old" before it says "HIGH".
  const subject = `${SUBJECT_PREFIX} ${f.oldStory ? `${OLD_STORY_MARK} ` : ''}${parts.join(' · ')}`;
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

function alertHtml(f: AlertFacts, parts: string[], opts: AlertEmailOptions): string {
  const [, title = '', ...rest] = parts;
  const { why, change } = explain(f, opts);
  // Phone order: who, what and where; whether it is old news; what to do; the evidence; when and where
  // it was published; the link.
  const main = [
    `<p style="margin:0;">${badge(f)}</p>`,
    heading(f.redacted && f.who ? `Case ${title}` : title, 1, 10),
    rest.length > 0 ? `<p style="margin:0 0 4px;font-size:18px;">${t(rest.join(' · '))}</p>` : '',
    oldStoryBanner(f),
    actionsHtml(f.actions),
    detailsLine(f),
    articleTitle(f),
    evidenceSection(f),
    sourceLine(f),
    articleLink(f.url, 'Read the article', f.redacted),
    alsoReportedHtml(f),
  ];
  const footer = [
    muted(t(`Why: ${why}`), 13),
    f.showTuningHelp ? muted(t(change), 13) : '',
    muted(`exilewatch · route ${t(f.routeId)} · alert ${t(f.alertId)}` + (f.followUpOf ? ` · follows alert ${t(f.followUpOf)}` : ''), 12),
  ];
  return page({
    title: parts.join(' · '),
    preheader: preheader(f),
    body: [card(main.filter(Boolean).join('\n'), SEVERITY_COLOR[f.severity]), `<div style="padding:0 6px;">${footer.filter(Boolean).join('\n')}</div>`].join(
      '\n',
    ),
  });
}

function preheader(f: AlertFacts): string {
  if (f.oldStory) return oldStoryText(f) ?? '';
  if (f.redacted || !f.snippet) return [f.what.join(', '), f.where.join(', ')].filter(Boolean).join(' · ');
  return truncate(cleanText(f.snippet), 140);
}

function alertText(f: AlertFacts, parts: string[], opts: AlertEmailOptions): string {
  const { why, change } = explain(f, opts);
  const lines = [`${f.oldStory ? `${OLD_STORY_MARK} ` : ''}${parts.join(' · ')}`, ''];
  const old = oldStoryText(f);
  if (old) lines.push(old, '');
  const todo = actionLines(f.actions);
  if (todo.length > 0) lines.push(...todo, '');
  if (f.followUpOf) lines.push(`Follow-up to alert ${f.followUpOf}.`, '');
  lines.push(...factLines(f), '');
  if (f.redacted) lines.push('Names and evidence are not shown on this route. Open the article to read it.', '');
  else if (f.evidence.length > 0) lines.push('Evidence:', ...evidenceLines(f), '');
  const also = alsoReportedLines(f);
  if (also.length > 0) lines.push(...also, '');
  lines.push(`Why: ${why}`);
  if (f.showTuningHelp) lines.push(change);
  lines.push('', '--', `exilewatch · route ${f.routeId} · alert ${f.alertId}`, '');
  return lines.join('\n');
}
