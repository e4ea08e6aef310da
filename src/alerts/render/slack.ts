import type { Action, Route } from '../../config/watchlist-schema';
import { alertFacts, type AlertFacts } from '../redact';
import { cleanText, truncate } from './clean-text';
import { groupForDigest, severityCounts } from './digest-groups';
import { formatAge } from './article-age';
import { explain, type ConfigPaths } from './explain';
import { formatDay } from './format-time';
import { headline } from './headline';
import { OLD_STORY_MARK, oldStoryText, publishedText } from './published';
import { plainEvidence } from './highlight';
import { httpUrl } from './html';
import { evidenceMrkdwn, slackEscape, slackEscapeWithin, slackLink } from './slack-text';
import type { AlertView } from './view';

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not turn bare channel names, mentions or URLs in the text into links. */
  verbatim?: boolean;
}
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] }
  | { type: 'actions'; elements: Array<{ type: 'button'; text: PlainText; url: string; action_id: string; style?: 'primary' | 'danger' }> }
  | { type: 'divider' };

/** An incoming-webhook message: blocks, and `text` for notifications and clients that cannot show blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

// Slack's documented limits; a message over any of them is rejected whole.
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, contextElements: 10, blocks: 50, buttonText: 75, buttonUrl: 3000 } as const;
const FALLBACK_MAX = 300;

// A different shape and colour per severity, so a channel scrolled past still shows which one is critical.
export const SEVERITY_EMOJI: Record<AlertFacts['severity'], string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_diamond:',
  low: ':white_circle:',
};

export interface SlackRenderOptions extends ConfigPaths {
  /** When the message is rendered (epoch ms): the article's age is counted from it. */
  now: number;
}

// verbatim everywhere: explicit <url|label> links still work, nothing else becomes a link or a mention.
function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

function header(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: slackEscapeWithin(text, SLACK_LIMITS.header), emoji: true } };
}

/**
 * One alert as a Slack message. Redacted routes get the case code, signal, country and link only: no
 * actions either, whose contacts and notes can say who the alert is about.
 */
export function renderSlackAlert(view: AlertView, opts: SlackRenderOptions): SlackMessage {
  const f = alertFacts(view, opts.now);
  const line = `${f.oldStory ? `${OLD_STORY_MARK} ` : ''}${headline(f)}`;
  const blocks: SlackBlock[] = [header(`${SEVERITY_EMOJI[f.severity]} ${line}`)];

  const fields: Mrkdwn[] = [];
  // The case code beside the name lets a reader match this message to a redacted channel's.
  if (f.who) fields.push(mrkdwn(f.redacted ? `*Case*\n${slackEscape(f.who)}` : `*Who*\n${slackEscape(f.caseCode ? `${f.who} (case ${f.caseCode})` : f.who)}`));
  if (f.what.length > 0) fields.push(mrkdwn(`*What*\n${slackEscape(f.what.join(', '))}`));
  if (f.where.length > 0) fields.push(mrkdwn(`*Where*\n${slackEscape(f.where.join(', '))}`));
  if (f.about.length > 0) fields.push(mrkdwn(`*Also about*\n${slackEscape(f.about.join(', '))}`));
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.map((x) => ({ ...x, text: truncate(x.text, SLACK_LIMITS.field) })) });
  const old = oldStoryText(f);
  if (old) blocks.push({ type: 'section', text: mrkdwn(`:hourglass: _${slackEscape(old)}_`) });
  const todo = actionsMrkdwn(f.actions);
  if (todo) blocks.push({ type: 'section', text: mrkdwn(todo) });

  if (f.redacted) {
    const text = f.urlNamesPerson
      ? "_Names and evidence are not shown in this channel, and the article's address spells the name, so it is not linked here either: the case code finds the alert on an unredacted route._"
      : '_Names and evidence are not shown in this channel. Open the article to read it._';
    blocks.push({ type: 'section', text: mrkdwn(text) });
  } else {
    const body = evidenceBody(f);
    if (body) blocks.push({ type: 'section', text: mrkdwn(body) });
  }

  blocks.push({ type: 'context', elements: contextElements(f, opts) });
  const button = f.urlNamesPerson ? undefined : articleButton(f.url);
  if (button) blocks.push(button);

  return { text: fallbackText(f, line), blocks, unfurl_links: false, unfurl_media: false };
}

/** Title and evidence quotes, as much as fits in one section. */
function evidenceBody(f: AlertFacts): string {
  const lines: string[] = [];
  if (f.title && !f.evidence.some((e) => e.field === 'title')) lines.push(`*${slackEscapeWithin(f.title, 300).replace(/\*/g, '∗')}*`);
  let used = lines.join('\n').length;
  for (const e of f.evidence) {
    // The prefix is exilewatch's own quote marker; article text cannot make one, its > is escaped.
    let quoted = `>${evidenceMrkdwn(e)}`;
    const room = SLACK_LIMITS.section - used - 1;
    if (quoted.length > room) {
      if (room < 80) break;
      quoted = `>${slackEscapeWithin(plainEvidence(e), room - 1)}`;
    }
    lines.push(quoted);
    used += quoted.length + 1;
  }
  return lines.join('\n');
}

/** "What to do" as a bulleted list, within one section's limit; empty when there is nothing to do. */
function actionsMrkdwn(actions: readonly Action[], max: number = SLACK_LIMITS.section): string {
  if (actions.length === 0) return '';
  const lines = ['*What to do*'];
  for (const a of actions) {
    lines.push(`• *${slackEscape(a.do).replace(/\*/g, '∗')}*${a.contact ? ` — ${slackEscape(a.contact)}` : ''}`);
    if (a.note) lines.push(`   ${slackEscape(a.note)}`);
  }
  return wholeLinesWithin(lines, max);
}

// Whole lines only: a cut inside one could leave a bold or italic open.
function wholeLinesWithin(lines: string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const l of lines) {
    if (used + l.length + 1 > max) break;
    out.push(l);
    used += l.length + 1;
  }
  return out.join('\n');
}

// No internal ids here (alert, route, watchlist entries): the channel's readers act on the news, and
// operators who tune the watchlist ask for the detail with showTuningHelp.
function contextElements(f: AlertFacts, opts: ConfigPaths): Mrkdwn[] {
  const elements = [mrkdwn(`${slackEscape(f.sourceName ?? f.sourceId)} · ${slackEscape(publishedText(f))}`)];
  if (!httpUrl(f.url) && !f.urlNamesPerson) elements.push(mrkdwn(`Link (not an http or https address, not opened): ${slackEscapeWithin(f.url, 500)}`));
  if (f.alsoReportedBy.length > 0) {
    // On a redacted route the other sources are named, not linked: their addresses may spell the name too.
    const links = f.alsoReportedBy
      .slice(0, 10)
      .map((r) => (f.redacted ? slackEscape(r.sourceName ?? r.sourceId) : slackLink(r.url, r.sourceName ?? r.sourceId)));
    elements.push(mrkdwn(truncateLinks(`Also reported by ${links.join(', ')}`)));
  }
  if (f.followUpOf) elements.push(mrkdwn('Follow-up to an earlier alert on the same person and signal'));
  const { why, change } = explain(f, opts);
  elements.push(mrkdwn(slackEscapeWithin(`Why: ${why}`, SLACK_LIMITS.field)));
  if (f.showTuningHelp) elements.push(mrkdwn(slackEscapeWithin(change, SLACK_LIMITS.field)));
  return elements.slice(0, SLACK_LIMITS.contextElements);
}

// A list of links is cut between links, never inside one.
function truncateLinks(text: string): string {
  if (text.length <= SLACK_LIMITS.field) return text;
  const cut = text.lastIndexOf('>, ', SLACK_LIMITS.field - 3);
  return cut > 0 ? `${text.slice(0, cut + 1)} …` : 'Also reported by other sources.';
}

function articleButton(url: string): SlackBlock | undefined {
  const href = httpUrl(url);
  if (!href || href.length > SLACK_LIMITS.buttonUrl) return undefined;
  return {
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open article' }, url: href, action_id: 'open-article', style: 'primary' }],
  };
}

/** What notifications and lock screens show: the headline, and on unredacted routes the first sentence. */
function fallbackText(f: AlertFacts, line: string): string {
  const first = f.evidence[0];
  const text = first && !f.redacted ? `${line}: ${plainEvidence(first)}` : line;
  return slackEscapeWithin(text, FALLBACK_MAX);
}

export interface SlackDigestOptions extends SlackRenderOptions {
  route: Route;
}

/** Several alerts in one Slack message: one section per person, one line per alert. */
export function renderSlackDigest(views: readonly AlertView[], opts: SlackDigestOptions): SlackMessage {
  const { route } = opts;
  const groups = groupForDigest(views, route, opts.now);
  const all = groups.flatMap((g) => g.items);
  const counts = severityCounts(all)
    .map((c) => `${c.count} ${c.severity.toUpperCase()}`)
    .join(', ');
  const title = `${route.digest?.every === 'hourly' ? 'Hourly' : 'Daily'} digest ${formatDay(opts.now, route.timeZone)} · ${all.length} alert${all.length === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}`;
  const blocks: SlackBlock[] = [header(title)];
  if (all.length === 0) blocks.push({ type: 'section', text: mrkdwn('Nothing matched the watchlist in this period.') });
  // Header, this section per group, and a closing context: stay under Slack's 50 blocks.
  const room = SLACK_LIMITS.blocks - 3;
  for (const g of groups.slice(0, room)) {
    const label = g.who === undefined ? 'No watched person named' : route.redact ? `Case ${g.who}` : g.who;
    const lines = [`*${slackEscape(label)}*`];
    // The person's actions once, under their name (none on a redacted route: alertFacts keeps them back).
    const todo = actionsMrkdwn(g.items[0]?.actions ?? [], 1000);
    if (todo) lines.push(todo);
    let used = lines.join('\n').length;
    let hidden = 0;
    for (const f of g.items) {
      const line = digestLine(f);
      if (used + line.length + 1 > SLACK_LIMITS.section - 40) {
        hidden += 1;
        continue;
      }
      lines.push(line);
      used += line.length + 1;
    }
    if (hidden > 0) lines.push(`_and ${hidden} more_`);
    blocks.push({ type: 'section', text: mrkdwn(lines.join('\n')) });
  }
  if (groups.length > room) blocks.push({ type: 'section', text: mrkdwn(`_${groups.length - room} more groups not shown._`) });
  blocks.push({ type: 'context', elements: [mrkdwn(slackEscape(`exilewatch${route.redact ? ' · names and evidence not shown' : ''}`))] });
  return { text: slackEscapeWithin(title, FALLBACK_MAX), blocks, unfurl_links: false, unfurl_media: false };
}

function digestLine(f: AlertFacts): string {
  const what = f.what.length > 0 ? f.what.join(', ') : (f.title ?? f.rule);
  const where = f.where.length > 0 ? f.where.join(', ') : '';
  const old = f.oldStory && f.ageMs !== undefined ? ` _${OLD_STORY_MARK} ${formatAge(f.ageMs)}_` : '';
  const head = `${SEVERITY_EMOJI[f.severity]} *${f.severity.toUpperCase()}*${old} ${slackEscape(cleanText([what, where].filter(Boolean).join(' · ')))}`;
  const link = f.urlNamesPerson ? slackEscape(f.sourceName ?? f.sourceId) : slackLink(f.url, f.sourceName ?? f.sourceId);
  const first = f.evidence[0];
  const quote = first && !f.redacted ? `\n>${evidenceMrkdwn(first, 240)}` : '';
  return `${head} — ${link}${quote}`;
}
