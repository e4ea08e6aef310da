import type { Route } from '../../config/watchlist-schema';
import { digestMessageId } from '../delivery-id';
import type { AlertFacts } from '../redact';
import { groupForDigest, severityCounts, type DigestGroup } from './digest-groups';
import {
  actionsHtml,
  alsoReportedHtml,
  articleTitle,
  badge,
  card,
  COLOR,
  evidenceHtml,
  heading,
  inlineLink,
  muted,
  page,
  SEVERITY_COLOR,
  sourceLine,
  t,
} from './email-html';
import { actionLines, alsoReportedLines, evidenceLines, factLines } from './email-text';
import { autoHeaders, DEFAULT_MESSAGE_ID_DOMAIN, SUBJECT_PREFIX, type EmailRenderOptions, type RenderedEmail } from './email-message';
import { explain } from './explain';
import { whatText } from './headline';
import { formatDay, formatTime } from './format-time';
import { cleanText } from './clean-text';
import { OLD_STORY_MARK } from './published';
import type { AlertView } from './view';

export interface DigestRenderOptions extends EmailRenderOptions {
  /** The digest route: its redaction and time zone apply to every alert in the digest. */
  route: Route;
  /** End of the period the digest covers (epoch ms); names the day in the subject, and articles' ages count from it. */
  now: number;
  /** Alerts shown in full; the rest are counted. A digest after a news storm must still open on a phone. */
  maxItems?: number;
}

const DEFAULT_MAX_ITEMS = 60;

/** What both the HTML and the text part of a digest show. */
interface DigestContent {
  title: string;
  total: number;
  counts: ReturnType<typeof severityCounts>;
  /** The groups shown, and how many less urgent alerts were left out. */
  groups: DigestGroup[];
  hidden: number;
  top: AlertFacts['severity'] | undefined;
  opts: DigestRenderOptions;
}

/** Several alerts in one email: grouped by person, most severe first, each with its evidence. */
export function renderDigestEmail(views: readonly AlertView[], opts: DigestRenderOptions): RenderedEmail {
  const { route } = opts;
  const groups = groupForDigest(views, route, opts.now);
  const all = groups.flatMap((g) => g.items);
  const title = digestTitle(route, opts.now);
  const counts = severityCounts(all);
  const urgent = counts.filter((c) => c.severity === 'critical' || c.severity === 'high').map((c) => `${c.count} ${c.severity.toUpperCase()}`);
  const subject = [`${SUBJECT_PREFIX} ${title}`, plural(all.length, 'alert'), ...urgent].join(' · ');
  const shown = limitItems(groups, opts.maxItems ?? DEFAULT_MAX_ITEMS);
  const hidden = all.length - shown.reduce((n, g) => n + g.items.length, 0);
  const top = all[0]?.severity;
  const content: DigestContent = { title, total: all.length, counts, groups: shown, hidden, top, opts };
  return {
    subject,
    html: digestHtml(content),
    text: digestText(content),
    messageId: digestMessageId(
      route.id,
      all.map((f) => f.alertId),
      opts.messageIdDomain ?? DEFAULT_MESSAGE_ID_DOMAIN,
    ),
    headers: autoHeaders(top ?? 'none'),
  };
}

function digestTitle(route: Route, now: number): string {
  const day = formatDay(now, route.timeZone);
  if (route.digest?.every === 'hourly') {
    const hour = formatTime(now, route.timeZone)?.split(', ')[1]?.slice(0, 5) ?? '';
    return `Hourly digest ${day}, ${hour}`;
  }
  return `Daily digest ${day}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function limitItems(groups: DigestGroup[], max: number): DigestGroup[] {
  const out: DigestGroup[] = [];
  let left = max;
  for (const g of groups) {
    if (left <= 0) break;
    const items = g.items.slice(0, left);
    left -= items.length;
    out.push({ ...g, items });
  }
  return out;
}

function groupLabel(g: DigestGroup, redacted: boolean): string {
  if (g.who === undefined) return 'No watched person named';
  return redacted ? `Case ${g.who}` : g.who;
}

function countsText(total: number, counts: ReturnType<typeof severityCounts>): string {
  const parts = counts.map((c) => `${c.count} ${c.severity.toUpperCase()}`);
  return `${plural(total, 'alert')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function itemHeadline(f: AlertFacts): string {
  const where = f.where.length > 0 ? f.where.join(', ') : (f.sourceName ?? f.sourceId);
  return `${whatText(f)} · ${where}`;
}

function itemHtml(f: AlertFacts, opts: DigestRenderOptions): string {
  const { why, change } = explain(f, opts);
  return card(
    [
      `<p style="margin:0 0 6px;">${badge(f)}</p>`,
      `<p style="margin:0 0 6px;font-size:17px;font-weight:700;line-height:1.3;">${t(itemHeadline(f))}</p>`,
      articleTitle(f),
      ...f.evidence.map(evidenceHtml),
      `<p style="margin:8px 0 0;font-weight:600;">${inlineLink(f.url, 'Read the article')}</p>`,
      sourceLine(f),
      alsoReportedHtml(f),
      muted(t(`Why: ${why}`), 13),
      f.showTuningHelp ? muted(t(change), 13) : '',
    ]
      .filter(Boolean)
      .join('\n'),
    SEVERITY_COLOR[f.severity],
  );
}

function digestHtml({ title, total, counts, groups, hidden, top, opts }: DigestContent): string {
  const { route } = opts;
  const intro = [heading(title, 1), `<p style="margin:0 0 4px;font-size:17px;">${t(countsText(total, counts))}</p>`];
  if (route.redact) intro.push(muted('Names and evidence are not shown on this route. Open an article to read it.'));
  if (total === 0) intro.push(muted('Nothing matched the watchlist in this period.'));
  const body = [card(intro.join('\n'), top ? SEVERITY_COLOR[top] : COLOR.muted)];
  for (const g of groups) {
    body.push(
      `<h2 style="margin:20px 4px 8px;font-size:19px;line-height:1.3;">${t(groupLabel(g, route.redact))} ` +
        `<span style="font-size:14px;font-weight:400;color:${COLOR.muted};">${t(plural(g.items.length, 'alert'))}</span></h2>`,
    );
    // Actions belong to the person, not to one alert: once per group, before that person's alerts.
    const todo = actionsHtml(groupActions(g));
    if (todo) body.push(`<div style="margin:0 0 12px;">${todo}</div>`);
    body.push(...g.items.map((f) => itemHtml(f, opts)));
  }
  if (hidden > 0) body.push(card(`<p style="margin:0;">${t(`${plural(hidden, 'more alert')} not shown here, all less urgent than the ones above.`)}</p>`));
  body.push(muted(t(digestChange(route, opts)), 13));
  return page({ title: `${title} · ${countsText(total, counts)}`, preheader: countsText(total, counts), body: body.join('\n') });
}

function groupActions(g: DigestGroup): AlertFacts['actions'] {
  return g.items[0]?.actions ?? [];
}

function digestChange(route: Route, opts: DigestRenderOptions): string {
  if (!route.showTuningHelp) return `exilewatch · route ${route.id}.`;
  const watchlist = opts.watchlistPath ?? 'config/watchlist.yaml';
  return `exilewatch · route ${route.id}. To change what this digest carries or when it comes, edit route ${route.id} (minSeverity, digest.every, digest.at, timeZone) or the rules that name it in ${watchlist}.`;
}

function digestText({ title, total, counts, groups, hidden, opts }: DigestContent): string {
  const { route } = opts;
  const lines = [title, countsText(total, counts), ''];
  if (route.redact) lines.push('Names and evidence are not shown on this route. Open an article to read it.', '');
  if (total === 0) lines.push('Nothing matched the watchlist in this period.', '');
  for (const g of groups) {
    lines.push(`== ${cleanText(groupLabel(g, route.redact))} (${plural(g.items.length, 'alert')}) ==`, '');
    const todo = actionLines(groupActions(g));
    if (todo.length > 0) lines.push(...todo, '');
    for (const f of g.items) {
      lines.push(`${f.oldStory ? `${OLD_STORY_MARK} ` : ''}${f.severity.toUpperCase()} · ${cleanText(itemHeadline(f))}`);
      lines.push(...factLines(f).map((l) => `  ${l}`));
      lines.push(...evidenceLines(f, '  '));
      lines.push(...alsoReportedLines(f).map((l) => `  ${l}`));
      const { why, change } = explain(f, opts);
      lines.push(`  Why: ${why}`);
      if (f.showTuningHelp) lines.push(`  ${change}`);
      lines.push('');
    }
  }
  if (hidden > 0) lines.push(`${plural(hidden, 'more alert')} not shown here, all less urgent than the ones above.`, '');
  lines.push('--', digestChange(route, opts), '');
  return lines.join('\n');
}
