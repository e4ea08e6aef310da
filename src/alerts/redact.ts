import { parseDuration } from '../config/duration';
import { DEFAULT_OLD_STORY_AFTER, type Action } from '../config/watchlist-schema';
import type { Alert, Evidence } from './alert';
import { articleAgeMs, isOldStory } from './render/article-age';
import type { AlertView } from './render/view';

const DEFAULT_OLD_STORY_MS = parseDuration(DEFAULT_OLD_STORY_AFTER);

/**
 * What a route may show of an alert. Every renderer (email, digest, Slack, webhook) reads alerts through
 * this one function, so a redacted route cannot leak a name or a sentence through a renderer that forgot.
 * `now` is when the message is rendered: the article's age, and whether it is an old story, are
 * counted from it, so every renderer of one message agrees and tests pass a fixed time.
 */
export interface AlertFacts {
  alertId: string;
  routeId: string;
  redacted: boolean;
  severity: Alert['severity'];
  origin: 'watchlist' | 'source-health';
  /** The person as this route may name them: the name, or the case code on a redacted route. */
  who?: string;
  caseCode?: string;
  /** How explanations refer to the person: the watchlist id, or the case code on a redacted route. */
  personRef?: string;
  /** Signals, with their labels. */
  signals: Array<{ id: string; label: string }>;
  /** Contexts this route may show: every one, or only the countries on a redacted route. */
  contexts: AlertView['contexts'];
  /** Signal labels. */
  what: string[];
  /** Country labels. */
  where: string[];
  /** Other context labels (organisations, places, topics); none on a redacted route. */
  about: string[];
  /** The article's title; absent on a redacted route, where titles often carry the name. */
  title?: string;
  /** Evidence sentences; none on a redacted route. */
  evidence: Evidence[];
  snippet?: string;
  url: string;
  /**
   * On a redacted route, the article's address spells the person's name (or id) in its path or
   * query: a channel that keeps names out should not be handed it.
   */
  urlNamesPerson: boolean;
  sourceId: string;
  sourceName?: string;
  publishedAt?: string;
  /** From publication to the time of rendering; absent when the feed gave no date. */
  ageMs?: number;
  /** Published longer ago than settings.oldStoryAfter. */
  oldStory: boolean;
  detectedAt?: number;
  rule: string;
  ruleDescription?: string;
  /** Watchlist ids that made the rule fire; a redacted route gets the case code for the person's id. */
  entries: string[];
  alsoReportedBy: Array<{ sourceId: string; url: string; sourceName?: string }>;
  followUpOf?: string;
  timeZone: string;
  /**
   * What staff should do; none on a redacted route, since a contact or a note ("call her brother")
   * can say who the alert is about as surely as a name.
   */
  actions: Action[];
  /** The route asks for which entries fired and what to edit: an operators' route. */
  showTuningHelp: boolean;
}

export function alertFacts(view: AlertView, now: number): AlertFacts {
  const { alert, article, person, route } = view;
  const origin = view.origin ?? 'watchlist';
  // A source-health alert names no watched person and quotes no article: nothing in it to redact.
  const redacted = route.redact && origin === 'watchlist';
  const countries = view.contexts.filter((c) => c.kind === 'country');
  const others = view.contexts.filter((c) => c.kind !== 'country');
  const facts: AlertFacts = {
    alertId: alert.id,
    routeId: route.id,
    redacted,
    severity: alert.severity,
    origin,
    signals: view.signals,
    contexts: redacted ? countries : view.contexts,
    what: view.signals.map((s) => s.label),
    where: countries.map((c) => c.label),
    about: redacted ? [] : others.map((c) => c.label),
    evidence: redacted ? [] : alert.evidence,
    url: article.url,
    urlNamesPerson: redacted && person !== undefined && urlNames(article.url, person),
    sourceId: article.sourceId,
    rule: alert.rule,
    entries: redacted ? redactedEntries(view) : alert.entries,
    alsoReportedBy: view.alsoReportedBy ?? [],
    timeZone: route.timeZone,
    oldStory: false,
    actions: redacted ? [] : (view.actions ?? []),
    showTuningHelp: route.showTuningHelp,
  };
  if (person) {
    facts.who = redacted ? person.caseCode : person.name;
    facts.caseCode = person.caseCode;
    facts.personRef = redacted ? person.caseCode : person.id;
  }
  if (!redacted) {
    facts.title = article.title;
    facts.snippet = alert.snippet;
  }
  if (article.sourceName) facts.sourceName = article.sourceName;
  if (article.publishedAt) facts.publishedAt = article.publishedAt;
  const ageMs = articleAgeMs(article.publishedAt, now);
  if (ageMs !== undefined) {
    facts.ageMs = ageMs;
    facts.oldStory = origin === 'watchlist' && isOldStory(ageMs, view.oldStoryAfterMs ?? DEFAULT_OLD_STORY_MS);
  }
  if (view.detectedAt !== undefined) facts.detectedAt = view.detectedAt;
  if (view.ruleDescription) facts.ruleDescription = view.ruleDescription;
  if (view.followUpOf) facts.followUpOf = view.followUpOf;
  return facts;
}

// The person's id is usually their name in lower case (mu-sochua), and organisation ids can point at them.
function redactedEntries(view: AlertView): string[] {
  const allowed = new Set([...view.signals.map((s) => s.id), ...view.contexts.filter((c) => c.kind === 'country').map((c) => c.id)]);
  const out: string[] = [];
  for (const e of view.alert.entries) {
    if (view.person && e === view.person.id) out.push(view.person.caseCode);
    else if (allowed.has(e)) out.push(e);
  }
  if (view.person && !out.includes(view.person.caseCode)) out.unshift(view.person.caseCode);
  return out;
}

/**
 * Whether a URL's path or query spells the person: their id, their whole name as a slug, or a word of
 * their name of four letters or more ("sochua" in /2024/03/mu-sochua-held). Folded to plain ASCII
 * letters, as sites build slugs; a short or common word alone ("mu") is not taken as the name.
 */
export function urlNames(url: string, person: { id: string; name: string }): boolean {
  let rest: string;
  try {
    const u = new URL(url);
    rest = decodeURIComponent(u.pathname + u.search);
  } catch {
    rest = url;
  }
  const fold = (text: string): string =>
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-');
  const words = `-${fold(rest)}-`;
  const name = fold(person.name).replace(/^-|-$/g, '');
  if (words.includes(`-${fold(person.id).replace(/^-|-$/g, '')}-`) || (name !== '' && words.includes(`-${name}-`))) return true;
  return name.split('-').some((w) => w.length >= 4 && words.includes(`-${w}-`));
}
