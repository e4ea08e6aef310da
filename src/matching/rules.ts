import type { Rule } from '../config/watchlist-schema';
import type { CompiledWatchlist } from './compile';
import type { Hit } from './find-hits';
import type { NearPronouns, PersonRole } from './roles';
import type { Gender } from './cues';

/** A hit placed in the whole article: a word position across title, summary and text, and a sentence key. */
export interface PlacedHit extends Hit {
  pos: number;
  posLast: number;
  sentenceKey: string;
  /** The sentence's place in the whole article (title first), to count sentences between two hits. */
  sentenceIndex: number;
  /** Pronouns for one person close to the hit, outside and inside quotes (roles.ts); a plural one (they, them). */
  pronoun: NearPronouns;
  pluralPronoun: boolean;
  /** The hit's sentence names a group: "six activists", "the five", "they". */
  group: boolean;
  /** A signal that names a past case: "previous warrants". */
  past: boolean;
  /** A signal in a sentence that opens on a year before the article's present: "In March 2015, …" (dated.ts). */
  dated: boolean;
  /** A signal that names a detention that ended: "freed from a Thai jail". */
  released: boolean;
  /** A signal that befell a relative: "whose parents were killed" (family-targeted says so when it is news). */
  ofRelative: boolean;
  /** A person named in a sentence with another watched person: "they" may stand for both. */
  inGroup: boolean;
  /** For a person: speaking, a relative, a comparison, a byline, one of a list (see roles.ts). */
  role?: PersonRole;
}

export interface CuePosition {
  pos: number;
  sentenceKey: string;
}

/** What the whole article says about who is who: see roles.ts. */
export interface ArticleCues {
  people: Array<CuePosition & { entry: string }>;
  /** Per person, the word ranges that are their own words ("X said …"), not what befell them. */
  speech: Map<string, Array<{ from: number; to: number }>>;
  /** Positions of I/me inside quotes (a speaker about themselves), and of he/she/him/her outside them (reported speech about the speaker). */
  selfPronouns: number[];
  reportedPronouns: Array<{ pos: number; kind: 'singular' | 'possessive' | 'object'; gender: Gender }>;
  /** A person's gender where a title in the article says it. */
  genders: Map<string, Gender>;
  /** The headline names several people, not as one list: none of them is the subject of the whole article. */
  sharedHeadline: boolean;
  /** The article reports the headline's subject freed ("weeks after being freed from jail"): what it recounts of the detention is over. */
  headlineReleased: boolean;
  /** People named as someone's relative (where), or as the byline, anywhere in the article. */
  relatives: Map<string, CuePosition[]>;
  bylines: Set<string>;
}

export interface RuleOutcome {
  rule: Rule;
  person?: PlacedHit[];
  signals: string[];
  contexts: string[];
  /** The hits that together made the rule fire first: they make the snippet. */
  witness: PlacedHit[];
}

type Selector = Rule['when']['person'];

/** Does a selector (any / none / ids and tag:NAME) take this entry? */
export function selects(sel: Selector, id: string, tags: readonly string[]): boolean {
  if (sel === undefined || sel === 'any') return true;
  if (sel === 'none') return false;
  return sel.some((s) => s === id || (s.startsWith('tag:') && tags.includes(s.slice(4))));
}

function close(hits: PlacedHit[], within: Rule['when']['within'], cues: ArticleCues): boolean {
  return blocking(hits, within, cues) === undefined;
}

/**
 * Why these hits do not hold together under a rule's `within`, in words an operator tuning the watchlist
 * can act on (`match --explain`); undefined when they do.
 */
export function blocking(hits: PlacedHit[], within: Rule['when']['within'], cues: ArticleCues): string | undefined {
  if (hits.length < 2 || within === 'article') return undefined;
  const person = hits.find((h) => h.kind === 'person');
  if (person) {
    for (const h of hits) {
      const why = h.kind === 'signal' ? notAbout(person, h, cues) : undefined;
      if (why) return why;
    }
  }
  if (within === 'sentence') return hits.every((h) => h.sentenceKey === hits[0]!.sentenceKey) ? undefined : 'not in one sentence';
  if (person && headline(person, cues)) return undefined;
  if (person && hits.every((h) => h.kind !== 'signal' || listedAfter(person, h))) return undefined;
  const span = Math.max(...hits.map((h) => h.pos)) - Math.min(...hits.map((h) => h.posLast));
  if (span > within) return `${span} words apart, more than ${within}`;
  if (person && !hits.every((h) => refersBack(person, h, cues))) {
    return 'in another sentence, and nothing there points back to the person (no he/she close to the signal, no list of names after it)';
  }
  return undefined;
}

/**
 * A person named in the headline is what the whole article is about, unless the headline has them
 * speaking or signing it, or the article reports them freed: then what it recounts of the detention is
 * over, and a signal must point back to them like any other.
 */
function headline(person: PlacedHit, cues: ArticleCues): boolean {
  return person.field === 'title' && person.role?.speech.length === 0 && !cues.bylines.has(person.entry) && !cues.sharedHeadline && !cues.headlineReleased;
}

/**
 * Why this signal cannot be about this person at all, if it cannot: they are named as someone's
 * relative, as a comparison or as the author; the signal is a past case; or it sits in their own words
 * ("Sam Rainsy condemned the arrest") that do not point back at them ("… said police had followed
 * her", "“I was detained,” she said").
 */
function notAbout(person: PlacedHit, signal: PlacedHit, cues: ArticleCues): string | undefined {
  if (signal.past) return 'the signal names a past case ("previous", "prior to" just before it)';
  if (signal.dated) return 'the sentence opens on a year before the article\'s own ("In March 2015, …"): background';
  if (signal.released) return 'the signal names a detention that ended ("freed from", "released from" just before it)';
  // "X, Nhat's wife, went to the jail to visit him": the one visited is held, not the relative.
  if (person.role?.visiting && person.role.relative && signal.sentenceKey === person.sentenceKey) return 'the person is a relative, visiting';
  if (signal.ofRelative) return 'the signal befell a relative ("whose parents", "his wife" just before it)';
  if (person.role?.comparison) return 'the person is named as a comparison ("like …")';
  if (cues.bylines.has(person.entry)) return 'the person signs the article (the end of its headline)';
  // A relative who speaks ("… his daughter, X, told reporters") tells someone else's story; one who does
  // not may be the one it befell ("… detained his cousin X").
  if (cues.relatives.has(person.entry) && (cues.speech.get(person.entry)?.length ?? 0) > 0) return 'the person is a relative, quoted';
  for (const r of cues.speech.get(person.entry) ?? []) {
    if (signal.pos < r.from || signal.posLast > r.to) continue;
    const inside = (p: number): boolean => p >= r.from && p <= r.to;
    const near = (p: number): boolean => inside(p) && p >= signal.pos - 6 && p <= signal.posLast + 4;
    // "said she was detained", "said his detention was extended", "said police detained her"
    const pointsBack = (p: { pos: number; kind: string }): boolean =>
      p.kind === 'singular'
        ? near(p.pos)
        : p.kind === 'possessive'
          ? inside(p.pos) && p.pos < signal.pos && p.pos >= signal.pos - 3
          : inside(p.pos) && p.pos > signal.posLast && p.pos <= signal.posLast + OBJECT_REACH;
    const his = (p: { gender: Gender }): boolean => compatible(p.gender, cues.genders.get(person.entry));
    // Only the pronouns inside the speech can point back: found by position, not by a scan of them all.
    const self = between(cues.selfPronouns, (p) => p, r.from, r.to);
    const reported = between(cues.reportedPronouns, (p) => p.pos, r.from, r.to);
    if (!self.some(near) && !reported.some((p) => his(p) && pointsBack(p))) {
      return 'the signal is in what the person says, and no he/she/I there points back to them';
    }
  }
  return undefined;
}

// "… denounced the detention order issued against her": how far after the signal its object may be.
const OBJECT_REACH = 4;

/** Can a pronoun of this gender stand for a person of that one? Unknown fits anything. */
function compatible(pronoun: Gender, person: Gender | undefined): boolean {
  return pronoun === 'x' || person === undefined || person === 'x' || pronoun === person;
}

/**
 * "Police cancelled the passports of six activists. … They identified A, B and C": a list of names
 * within a few sentences after an event that befell a group belongs to that event, however far in words.
 */
function listedAfter(person: PlacedHit, signal: PlacedHit): boolean {
  if (!person.role?.listed || person.role.speech.length > 0 || !signal.group || signal.pos > person.pos) return false;
  return signal.field === 'title' || (signal.field === person.field && person.sentenceIndex - signal.sentenceIndex <= LIST_SENTENCES);
}

// "Among the seven are D and E", four sentences after the event.
const LIST_SENTENCES = 4;

/**
 * Across sentences, a signal is about a person only where the text points back to them: a headline
 * names the article's subject; otherwise the signal comes after the name, close to a pronoun ("Mu
 * Sochua landed on Thursday. She was detained.") and no other watched person named in between (a
 * plural pronoun only for a person named with others, who then count as one group), or the name is
 * listed just after the signal ("… were tried in absentia. They include Mu Sochua"). Without this,
 * every person named near someone else's arrest would be alerted on.
 */
function refersBack(person: PlacedHit, h: PlacedHit, cues: ArticleCues): boolean {
  if (h.sentenceKey === person.sentenceKey || h.kind === 'context' || headline(person, cues)) return true;
  if (h.pos > person.pos) {
    // "He" is the watched person named last; "they" may be everyone named in one sentence with them.
    const namedSince = (sameSentence: boolean): boolean =>
      cues.people.some((p) => p.entry !== person.entry && p.pos > person.posLast && p.pos < h.pos && (sameSentence || p.sentenceKey !== person.sentenceKey));
    // In a quote, "he" is someone the speaker talks about and "I" the speaker.
    const speaker = (cues.speech.get(person.entry)?.length ?? 0) > 0;
    const fits = (genders: Gender[]): boolean => genders.some((g) => compatible(g, cues.genders.get(person.entry)));
    const points = fits(h.pronoun.outside) || (speaker ? h.pronoun.self : fits(h.pronoun.quoted));
    if (points && !namedSince(true)) return true;
    return h.pluralPronoun && person.inGroup && !namedSince(false);
  }
  return h.field === person.field && h.sentenceIndex === person.sentenceIndex - 1 && person.role?.listWord === true && person.role.speech.length === 0;
}

/**
 * Checks one rule against the article's hits, for one person (person rules) or for the article as a whole
 * (rules with person: none or no person condition). Returns undefined when the rule does not hold.
 */
export function checkRule(
  rule: Rule,
  c: CompiledWatchlist,
  hits: readonly PlacedHit[],
  cues: ArticleCues,
  personHits: PlacedHit[] | undefined,
): RuleOutcome | undefined {
  const { when } = rule;
  const tagsOf = (kind: 'signal' | 'context', id: string): string[] => (kind === 'signal' ? c.signalsById.get(id) : c.contextsById.get(id))?.tags ?? [];
  const pick = (kind: 'signal' | 'context', sel: Selector): PlacedHit[] | undefined => {
    const all = hits.filter((h) => h.kind === kind);
    if (sel === undefined) return [];
    if (sel === 'none') return all.length === 0 ? [] : undefined;
    // A status signal ("refugee") says who someone is, not what befell them: only a rule naming it takes it.
    const chosen = all.filter(
      (h) => selects(sel, h.entry, tagsOf(kind, h.entry)) && !(sel === 'any' && kind === 'signal' && c.signalsById.get(h.entry)?.status),
    );
    return chosen.length > 0 ? chosen : undefined;
  };
  const signals = pick('signal', when.signal);
  const contexts = pick('context', when.context);
  if (!signals || !contexts) return undefined;

  // Each group that the rule requires must take part; an unconstrained group is left out.
  const groups: PlacedHit[][] = [];
  if (personHits) groups.push(personHits);
  if (signals.length > 0) groups.push(signals);
  if (contexts.length > 0) groups.push(contexts);
  if (groups.length === 0) return undefined;

  let witness: PlacedHit[] | undefined;
  const signalIds = new Set<string>();
  const contextIds = new Set<string>();
  const near = nearbyIn(groups, when.within);
  const visit = (i: number, chosen: PlacedHit[]): void => {
    if (!close(chosen, when.within, cues)) return;
    if (i === groups.length) {
      witness ??= [...chosen];
      chosen.forEach((h) => (h.kind === 'signal' ? signalIds : h.kind === 'context' ? contextIds : undefined)?.add(h.entry));
      return;
    }
    for (const h of i === 0 ? groups[0]! : near(i, chosen[0]!)) visit(i + 1, [...chosen, h]);
  };
  visit(0, []);
  if (!witness) return undefined;
  const outcome: RuleOutcome = { rule, signals: [...signalIds], contexts: [...contextIds], witness };
  if (personHits) outcome.person = personHits;
  return outcome;
}

/**
 * The hits of group i that could be close to the first chosen hit: the same sentence, or a window of
 * word positions. Without this, long articles with many mentions cost the product of the groups' sizes.
 */
function nearbyIn(groups: PlacedHit[][], within: Rule['when']['within']): (i: number, anchor: PlacedHit) => PlacedHit[] {
  // A headline person is near everything (see close), so word windows cannot narrow the search.
  if (within === 'article' || (typeof within === 'number' && groups[0]?.some((h) => h.field === 'title'))) return (i) => groups[i]!;
  if (within === 'sentence') {
    const buckets = groups.map((g) => {
      const m = new Map<string, PlacedHit[]>();
      for (const h of g) m.set(h.sentenceKey, [...(m.get(h.sentenceKey) ?? []), h]);
      return m;
    });
    return (i, anchor) => buckets[i]!.get(anchor.sentenceKey) ?? [];
  }
  const sorted = groups.map((g) => [...g].sort((a, b) => a.pos - b.pos));
  return (i, anchor) => {
    const g = sorted[i]!;
    const from = lowerBound(g, anchor.pos - within - 64);
    const out: PlacedHit[] = [];
    for (let k = from; k < g.length && g[k]!.pos <= anchor.posLast + within; k++) out.push(g[k]!);
    return out;
  };
}

/** The items of a list sorted by position that lie between two positions (inclusive). */
function between<T>(sorted: readonly T[], at: (x: T) => number, from: number, to: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(sorted[mid]!) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && at(sorted[i]!) <= to; i++) out.push(sorted[i]!);
  return out;
}

function lowerBound(hits: PlacedHit[], pos: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.pos < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
