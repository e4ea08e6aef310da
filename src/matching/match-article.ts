import { createHash } from 'node:crypto';
import type { Alert, Evidence, Match } from '../alerts/alert';
import { ARTICLE_FIELDS, type Article } from '../articles/article';
import { severityRank } from '../config/severity';
import type { Rule } from '../config/watchlist-schema';
import type { CompiledWatchlist } from './compile';
import { scanField, type FieldScan, type Hit } from './find-hits';
import { anchorYear, beforePresent, presentOf, type Present } from './dated';
import { befellRelative, cueNear, groupSentence, pastSignal, personRole, pronounsNear, releasedSignal } from './roles';
import { checkRule, selects, type ArticleCues, type PlacedHit, type RuleOutcome } from './rules';

export type MatchInput = Pick<Article, 'id' | 'title' | 'summary' | 'content'> & Partial<Pick<Article, 'publishedAt'>>;

export interface ArticleMatches {
  matches: Match[];
  alerts: Alert[];
}

/**
 * The most of each field that is matched. News fits well inside; a feed item carrying a book, or a
 * poison item built to stall the worker, is cut, so that matching time per article stays bounded.
 */
export const FIELD_LIMIT: Record<(typeof ARTICLE_FIELDS)[number], number> = { title: 1_000, summary: 20_000, content: 200_000 };

function capped(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // Cut at a space where there is one near the limit, never inside a surrogate pair.
  const space = text.lastIndexOf(' ', limit);
  let end = space > limit - 200 ? space : limit;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/** Matches one article against the compiled watchlist: every match explained, every alert with its evidence. */
export function matchArticle(article: MatchInput, c: CompiledWatchlist): ArticleMatches {
  const { scans, hits, cues } = analyse(article, c);
  const matches = hits.map((h) => toMatch(h, scans));
  return { matches, alerts: applyRules(article.id, hits, cues, scans, c) };
}

export interface Analysis {
  scans: FieldScan[];
  hits: PlacedHit[];
  cues: ArticleCues;
}

/** The fields scanned, the name hits that count, and every hit placed in the article with its cues. */
export function analyse(article: MatchInput, c: CompiledWatchlist): Analysis {
  const scans = ARTICLE_FIELDS.filter((f) => article[f].trim() !== '').map((f) => scanField(f, capped(article[f], FIELD_LIMIT[f]), c));
  resolvePeople(scans, c);
  return { scans, ...place(scans, article.publishedAt) };
}

/**
 * Decides which name hits count: a person whose only hits are one-typo matches needs a context word of
 * theirs in the article; requireContext people always do; a short form ("Sochua") counts only when
 * exactly one person it may stand for is named in full in the same article (or, for people with
 * shortFormsWithContext, has a context word there).
 */
function resolvePeople(scans: FieldScan[], c: CompiledWatchlist): void {
  const confirmed = new Set(scans.flatMap((s) => [...s.confirmed]));
  // An alias written { name, context } counts only beside one of its words (or the person's, if it has none).
  for (const s of scans) {
    s.hits = s.hits.filter((h) => h.guard === undefined || confirmed.has(c.guardedNames.get(h.guard) ? h.guard : h.entry));
  }
  const personHits = scans.flatMap((s) => s.hits.filter((h) => h.kind === 'person'));
  const keep = new Set<string>();
  for (const id of new Set(personHits.map((h) => h.entry))) {
    const p = c.peopleById.get(id)!;
    const own = personHits.filter((h) => h.entry === id);
    const onlyFuzzy = own.every((h) => h.how === 'fuzzy');
    if ((p.requireContext || onlyFuzzy) && !confirmed.has(p.id)) continue;
    keep.add(p.id);
  }
  // A short form also inside another person's full name in this article may mean either of them.
  const otherNames = new Set(scans.flatMap((s) => [...s.otherNames]));
  for (const s of scans) {
    s.shortForms = s.shortForms.filter((h) => !otherNames.has(h.entry));
    s.hits = s.hits.filter((h) => h.kind !== 'person' || keep.has(h.entry));
    const groups = new Map<number, Hit[]>();
    for (const h of s.shortForms) groups.set(h.first, [...(groups.get(h.first) ?? []), h]);
    for (const group of groups.values()) {
      // Named in full, or, failing that, their context words in the article: "Sochua" with "CNRP".
      const named = group.filter((h) => keep.has(h.entry));
      const confirmedOnly = group.filter((h) => confirmed.has(h.entry) && c.peopleById.get(h.entry)!.shortFormsWithContext);
      if (named.length === 1) s.hits.push(named[0]!);
      else if (named.length === 0 && confirmedOnly.length === 1) s.hits.push(confirmedOnly[0]!);
    }
    s.hits.sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

function place(scans: FieldScan[], publishedAt: string | undefined): { hits: PlacedHit[]; cues: ArticleCues } {
  let offset = 0;
  let sentenceBase = 0;
  const hits: PlacedHit[] = [];
  const cues: ArticleCues = {
    people: [],
    speech: new Map(),
    selfPronouns: [],
    reportedPronouns: [],
    genders: new Map(),
    relatives: new Map(),
    bylines: new Set(),
    sharedHeadline: false,
    headlineReleased: false,
  };
  // The article's present, worked out only when a signal's sentence opens on a year.
  let present: Present | undefined | null = null;
  const dated = (h: Hit, s: FieldScan): boolean => {
    const span = s.sentences[h.sentence];
    const year = span ? anchorYear(s.text.slice(span.start, span.end)) : undefined;
    if (year === undefined) return false;
    const texts = scans.map((x) => x.text);
    if (present === null) present = presentOf(texts, publishedAt);
    return beforePresent(year, present);
  };
  const headlinePeople = new Set<string>();
  // Pronouns, roles and the rest say who a signal is about, and the rules read them only for a
  // person: an article that names nobody watched (most of them) is placed without them.
  const anyPerson = scans.some((s) => s.hits.some((h) => h.kind === 'person'));
  for (const s of scans) {
    const people = s.hits.filter((h) => h.kind === 'person');
    const peopleIn = new Map<number, Hit[]>();
    for (const p of people) peopleIn.set(p.sentence, [...(peopleIn.get(p.sentence) ?? []), p]);
    if (anyPerson) {
      cues.selfPronouns.push(...s.cues.spans.firstPerson.filter((c) => s.quoted[c.first]).map((c) => offset + c.first));
      for (const kind of ['singular', 'possessive', 'object'] as const) {
        cues.reportedPronouns.push(...s.cues.spans[kind].filter((c) => !s.quoted[c.first]).map((c) => ({ pos: offset + c.first, kind, gender: c.gender })));
      }
    }
    for (const h of s.hits) {
      // Fields one by one: a spread into a literal this size makes a slow dictionary-mode object.
      const near = anyPerson ? cuesOf(h, s, peopleIn.get(h.sentence) ?? [], dated) : NO_CUES;
      const placed: PlacedHit = {
        entry: h.entry,
        kind: h.kind,
        how: h.how,
        field: h.field,
        first: h.first,
        last: h.last,
        start: h.start,
        end: h.end,
        sentence: h.sentence,
        pos: offset + h.first,
        posLast: offset + h.last,
        sentenceKey: `${s.field}:${h.sentence}`,
        sentenceIndex: sentenceBase + h.sentence,
        pronoun: near.pronoun,
        pluralPronoun: near.pluralPronoun,
        group: near.group,
        past: near.past,
        dated: near.dated,
        released: near.released,
        ofRelative: near.ofRelative,
        inGroup: near.inGroup,
      };
      if (h.guard !== undefined) placed.guard = h.guard;
      if (h.kind === 'person') {
        const role = personRole(h, s, peopleIn.get(h.sentence) ?? []);
        placed.role = role;
        const speech = cues.speech.get(h.entry) ?? [];
        speech.push(...role.speech.map((r) => ({ from: offset + r.from, to: offset + r.to })));
        cues.speech.set(h.entry, speech);
        if (role.relative) cues.relatives.set(h.entry, [...(cues.relatives.get(h.entry) ?? []), { pos: placed.pos, sentenceKey: placed.sentenceKey }]);
        if (role.gender !== 'x') cues.genders.set(h.entry, role.gender);
        if (role.byline) cues.bylines.add(h.entry);
        cues.people.push({ pos: placed.pos, sentenceKey: placed.sentenceKey, entry: h.entry });
      }
      hits.push(placed);
      // "Weeks after being freed from a Thai jail", naming no one else: the headline's subject was released.
      if (placed.released && (peopleIn.get(h.sentence) ?? []).every((p) => headlinePeople.has(p.entry))) cues.headlineReleased = true;
    }
    if (s.field === 'title') {
      const named = new Set(people.map((p) => p.entry));
      named.forEach((id) => headlinePeople.add(id));
      cues.sharedHeadline = named.size > 1 && !hits.some((h) => h.field === 'title' && h.role && h.role.row.length === named.size);
    }
    offset += s.tokens.length;
    sentenceBase += s.sentences.length;
  }
  // Sorted by position: the rules look them up by range.
  cues.reportedPronouns.sort((a, b) => a.pos - b.pos);
  return { hits, cues };
}

type HitCues = Pick<PlacedHit, 'pronoun' | 'pluralPronoun' | 'group' | 'past' | 'dated' | 'released' | 'ofRelative' | 'inGroup'>;

const NO_CUES: HitCues = {
  pronoun: { outside: [], quoted: [], self: false },
  pluralPronoun: false,
  group: false,
  past: false,
  dated: false,
  released: false,
  ofRelative: false,
  inGroup: false,
};

function cuesOf(h: Hit, s: FieldScan, sameSentence: readonly Hit[], dated: (h: Hit, s: FieldScan) => boolean): HitCues {
  return {
    pronoun: pronounsNear(h, s),
    pluralPronoun: cueNear(h, s, ['plural']),
    group: groupSentence(s, h.sentence),
    past: h.kind === 'signal' && pastSignal(h, s),
    dated: h.kind === 'signal' && dated(h, s),
    released: h.kind === 'signal' && releasedSignal(h, s),
    ofRelative: h.kind === 'signal' && befellRelative(h, s, sameSentence),
    inGroup: h.kind === 'person' && sameSentence.some((x) => x.entry !== h.entry),
  };
}

function sentenceOf(h: Hit, scans: FieldScan[]): { text: string; start: number } {
  const scan = scans.find((s) => s.field === h.field)!;
  const span = scan.sentences[h.sentence] ?? { start: h.start, end: h.end };
  return { text: scan.text.slice(span.start, span.end), start: span.start };
}

function toMatch(h: Hit, scans: FieldScan[]): Match {
  const scan = scans.find((s) => s.field === h.field)!;
  const sentence = sentenceOf(h, scans);
  return {
    entry: h.entry,
    kind: h.kind,
    surface: scan.text.slice(h.start, h.end),
    field: h.field,
    start: h.start,
    end: h.end,
    sentence: sentence.text,
    sentenceStart: sentence.start,
    how: h.how,
  };
}

function better(a: RuleOutcome | undefined, b: RuleOutcome): RuleOutcome {
  return a && severityRank(a.rule.severity) >= severityRank(b.rule.severity) ? a : b;
}

function applyRules(articleId: string, hits: PlacedHit[], cues: ArticleCues, scans: FieldScan[], c: CompiledWatchlist): Alert[] {
  const { watchlist } = c;
  const personRules = watchlist.rules.filter((r) => r.when.person !== undefined && r.when.person !== 'none');
  const articleRules = watchlist.rules.filter((r) => r.when.person === undefined || r.when.person === 'none');
  // A stable order, so alerts come out the same way every time.
  const named = new Set(hits.filter((h) => h.kind === 'person').map((h) => h.entry));
  const people = watchlist.people.length <= named.size ? watchlist.people.filter((p) => named.has(p.id)) : [...named].sort().map((id) => c.peopleById.get(id)!);
  const outcomes: RuleOutcome[] = [];

  for (const p of people) {
    const own = hits.filter((h) => h.kind === 'person' && h.entry === p.id);
    let best: RuleOutcome | undefined;
    for (const rule of personRules) {
      if (!selects(rule.when.person, p.id, p.tags)) continue;
      const o = checkRule(rule, c, hits, cues, own);
      if (o) best = better(best, o);
    }
    if (best) outcomes.push(best);
  }
  let articleBest: RuleOutcome | undefined;
  for (const rule of articleRules) {
    if (rule.when.person === 'none' && people.length > 0) continue;
    const o = checkRule(rule, c, hits, cues, undefined);
    if (o) articleBest = better(articleBest, o);
  }
  if (articleBest) outcomes.push(articleBest);

  return outcomes.filter((o) => o.rule.severity !== 'none').map((o) => toAlert(articleId, o, hits, scans, c));
}

function toAlert(articleId: string, o: RuleOutcome, hits: PlacedHit[], scans: FieldScan[], c: CompiledWatchlist): Alert {
  const personId = o.person?.[0]?.entry;
  const person = personId === undefined ? undefined : c.peopleById.get(personId);
  const signalIds = [...o.signals].sort();
  const evidence = evidenceFor(o.witness, hits, scans);
  // Countries and organisations named in the evidence tell the reader where, even when no rule asked.
  const evidenceKeys = new Set(o.witness.map((h) => h.sentenceKey));
  const nearby = hits.filter((h) => h.kind === 'context' && evidenceKeys.has(h.sentenceKey)).map((h) => h.entry);
  const contextIds = [...new Set([...o.contexts, ...nearby])].sort();
  const alert: Alert = {
    id: alertId(articleId, o.rule, personId, signalIds),
    articleId,
    rule: o.rule.id,
    severity: o.rule.severity as Alert['severity'],
    entries: [...(personId ? [personId] : []), ...signalIds, ...contextIds],
    signalIds,
    contextIds,
    snippet: evidence.map((e) => e.text).join(' … '),
    evidence,
    // Routes disabled for want of their ${VAR} are not in the watchlist's list, and so not here.
    routes: [...new Set([...o.rule.routes, ...(person?.routes ?? [])])].filter((r) => c.watchlist.routes.some((x) => x.id === r)),
  };
  if (personId) alert.personId = personId;
  return alert;
}

/** The sentences the witness hits sit in, in reading order, with every hit inside them highlighted. */
function evidenceFor(witness: PlacedHit[], hits: PlacedHit[], scans: FieldScan[]): Evidence[] {
  const keys = [...new Set([...witness].sort((a, b) => a.pos - b.pos).map((h) => h.sentenceKey))];
  return keys.map((key) => {
    const inside = hits.filter((h) => h.sentenceKey === key);
    const first = inside[0]!;
    const sentence = sentenceOf(first, scans);
    return {
      field: first.field,
      text: sentence.text,
      highlights: inside.map((h) => ({ start: h.start - sentence.start, end: h.end - sentence.start, kind: h.kind })),
    };
  });
}

export function alertId(articleId: string, rule: Rule, personId: string | undefined, signalIds: string[]): string {
  const basis = [articleId, rule.id, personId ?? '-', ...signalIds].join('\u0000');
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}
