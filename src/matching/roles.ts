import type { CueKind, CueSpan, Gender } from './cues';
import type { FieldScan, Hit } from './find-hits';

/**
 * What a name's sentence says about the person: whether they are speaking, someone's relative, a
 * comparison or an article's byline rather than the one an event befell. See docs/matching.md, "Who a
 * signal is about".
 */
export interface PersonRole {
  /** Token ranges (inclusive) of this sentence that are the person's words, not events that befell them. */
  speech: Array<{ from: number; to: number }>;
  /** "X, Nhat's wife": named as someone's relative. */
  relative: boolean;
  /** "like X before him". */
  comparison: boolean;
  /** "… | Nathan Law": the author of the piece, at the end of its headline. */
  byline: boolean;
  /** "Among them X", "they include X", or named in a row with other watched people: one of a list. */
  listed: boolean;
  /** A list word says so ("among them X"), not only a row of names. */
  listWord: boolean;
  /** From a title just before the name ("Ms.", "លោកស្រី"): x when none says. */
  gender: Gender;
  /** The people named in a row with this one, itself included. */
  row: string[];
  /** "X, Nhat's wife, went to the jail to visit him": the person goes to see someone, in this sentence. */
  visiting: boolean;
}

// "was told", "been called": a passive is not the person speaking.
const PASSIVE = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'be', 'get', 'got']);
// Between a name and a relative word: "Nhat's wife", "his daughter", "the widow of".
const RELATIVE_LEAD = new Set(['his', 'her', 'their', 'the']);
// Between an attribution and the name: "said rights activist X", "theo ông X".
const ATTRIBUTION_GAP = 3;
// "Among those targeted is X": how far before the name a list word may be.
export const LIST_REACH = 6;

export function personRole(h: Hit, s: FieldScan, others: readonly Hit[]): PersonRole {
  const { tokens } = s;
  const spans = s.cues.at(h.sentence);
  const sentence = sentenceRange(s, h.sentence);
  const inSentence = (c: CueSpan): boolean => c.sentence === h.sentence;
  const role: PersonRole = {
    speech: [],
    relative: false,
    comparison: false,
    byline: false,
    listed: false,
    listWord: false,
    gender: 'x',
    row: [],
    visiting: false,
  };
  role.gender = spans.title.find((c) => c.last === h.first - 1)?.gender ?? 'x';

  // "X said …", "X condemned the arrest …": what follows the verb is theirs; after "…, X told RFA" so
  // is what came before the comma.
  const verb = spans.comment.find((c) => inSentence(c) && c.first > h.last && !PASSIVE.has(tokens[c.first - 1]?.norm ?? ''));
  if (verb && !possessive(h, s) && speaks(h, verb, s)) {
    if (verb.last < sentence.to) role.speech.push({ from: verb.last + 1, to: sentence.to });
    // "…,” Sombath's wife Ng Shui Meng said": a few words may stand between the quote and the name.
    if (h.first > sentence.from && /[,"“”'‘’–—:]\s*(?:[^\s,"“”.]+\s+){0,3}$/u.test(s.text.slice(Math.max(0, h.start - 60), h.start))) {
      role.speech.push({ from: sentence.from, to: h.first - 1 });
    }
  }
  // "…,” said X", "according to X, …".
  const attribution = spans.attribution.find((c) => inSentence(c) && c.last < h.first && c.last >= h.first - 1 - ATTRIBUTION_GAP);
  if (attribution) {
    if (attribution.first > sentence.from + 1) role.speech.push({ from: sentence.from, to: attribution.first - 1 });
    else if (h.last < sentence.to) role.speech.push({ from: h.last + 1, to: sentence.to });
  }

  const after = s.text.slice(h.end);
  const relativeAfter = /^\s*,/.test(after) && spans.relative.some((c) => inSentence(c) && c.first > h.last && c.first <= h.last + 4 && leadsRelative(c, s));
  // "his daughter Gazelle", "Sharmahd's daughter, Gazelle": not "my husband Sombath", whose story the speaker tells.
  const relativeBefore = spans.relative.some(
    (c) =>
      inSentence(c) &&
      c.last < h.first &&
      c.last >= h.first - 2 &&
      tokens[c.last + 1]?.norm !== 'of' &&
      leadsRelative(c, s) &&
      !others.some((o) => o.first > c.last && o.last < h.first),
  );
  role.relative = relativeAfter || relativeBefore;
  // A comparison or a list word before the first of several names in a row covers them all.
  const row = enumeration(h, s, others);
  const head = row[0]!;
  role.row = [...new Set(row.map((p) => p.entry))];
  role.comparison = spans.comparison.some((c) => inSentence(c) && c.last < head.first && c.last >= head.first - 3);
  role.byline = s.field === 'title' && /^[\s\p{P}]*$/u.test(after) && /(?:[|–—:]|\s-|\bby)\s*$/iu.test(s.text.slice(0, h.start));
  role.listWord = spans.list.some((c) => inSentence(c) && c.last < head.first && c.last >= head.first - LIST_REACH);
  role.listed = row.length > 1 || role.listWord;
  role.visiting = visits(h, s, others);
  return role;
}

/**
 * Is the name the subject of the comment verb? Right before it ("X said", "X also urged"), or with an
 * apposition between commas ("X, a prominent activist, said"); not "…, X, police told reporters".
 */
function speaks(h: Hit, verb: CueSpan, s: FieldScan): boolean {
  const gap = s.text.slice(h.end, s.tokens[verb.first]!.start);
  // "… referred to him as X and said": the subject came before the name.
  if (/\band\b/i.test(gap)) return false;
  if (verb.first - h.last - 1 <= 2 && !gap.includes(',')) return true;
  return /^\s*,/.test(gap) && /,\s*$/.test(gap);
}

// Between two names of one list: a comma, "and" in some language, and at most a short description.
const LIST_JOINER = /[,;&、，]|\b(?:and|or|et|dan|và|und|y)\b|\s(?:и|و)\s|[和及]/u;
const LIST_GAP = 4;
const LONG_ITEM = 14;

/** The names in a row with this one ("A, B and C", "A, a lawyer, and B"), in reading order. */
function enumeration(h: Hit, s: FieldScan, people: readonly Hit[]): Hit[] {
  // "X, Nhat's wife and Truong's mother": a possessive names whose relative X is, not another of a list.
  const same = people.filter((p) => p.sentence === h.sentence && (p === h || !possessive(p, s))).sort((a, b) => a.first - b.first);
  const joined = (a: Hit, b: Hit): boolean => {
    const gap = b.first - a.last - 1;
    const text = s.text.slice(a.end, b.start);
    if (b.first <= a.last) return false;
    // "A, a former member of the institute; B, co-founder of …": a described item, then the next.
    return (gap <= LIST_GAP && LIST_JOINER.test(text)) || (gap <= LONG_ITEM && /^\s*[,;]/.test(text) && /[,;]\s*(?:and\s+|or\s+)?$/.test(text));
  };
  let i = same.indexOf(h);
  let j = i;
  while (i > 0 && joined(same[i - 1]!, same[i]!)) i--;
  while (j < same.length - 1 && joined(same[j]!, same[j + 1]!)) j++;
  return same.slice(i, j + 1).filter((p, k, all) => all.findIndex((q) => q.entry === p.entry) === k || p === h);
}

// "X, Nhat's wife and Truong's mother, went to jail to visit": how far after the name the visit may be.
const VISIT_REACH = 12;

/**
 * Does the person go to see someone? A visit word a few words after the name, with no other watched
 * name between but in an apposition ("X, Nhat's wife, went to visit"); not a passive ("X was visited in prison"), where the name is the one held.
 */
function visits(h: Hit, s: FieldScan, others: readonly Hit[]): boolean {
  return s.cues
    .at(h.sentence)
    .visit.some(
      (c) =>
        c.sentence === h.sentence &&
        c.first > h.last &&
        c.first <= h.last + VISIT_REACH &&
        !PASSIVE.has(s.tokens[c.first - 1]?.norm ?? '') &&
        !others.some((o) => o.first > h.last && o.last < c.first && !possessive(o, s)),
    );
}

/** "Kem Sokha's lawyer said": the name is not the speaker. */
function possessive(h: Hit, s: FieldScan): boolean {
  return /['’]s?$/i.test(s.text.slice(h.start, h.end));
}

function leadsRelative(c: CueSpan, s: FieldScan): boolean {
  const before = s.tokens[c.first - 1];
  if (!before) return false;
  return RELATIVE_LEAD.has(before.norm) || /['’]s?$/.test(s.text.slice(before.start, before.end));
}

const ranges = new WeakMap<FieldScan, Array<{ from: number; to: number }>>();

/** The first and last token of a sentence of the field, worked out once per field. */
export function sentenceRange(s: FieldScan, sentence: number): { from: number; to: number } {
  let all = ranges.get(s);
  if (!all) {
    all = [];
    s.tokens.forEach((t, i) => {
      const r = (all![t.sentence] ??= { from: i, to: i });
      r.to = i;
    });
    ranges.set(s, all);
  }
  return all[sentence] ?? { from: -1, to: -1 };
}

/** "Previous warrants", "prior to his murder": the signal names a past case, not news. */
export function pastSignal(h: Hit, s: FieldScan): boolean {
  return s.cues.at(h.sentence).past.some((c) => c.sentence === h.sentence && c.last < h.first && c.last >= h.first - 2);
}

// "calls for him to be released from prison", "the campaign to have her freed from jail": a demand, not a release.
const DEMAND = new Set(['be', 'to', 'him', 'her', 'them', 'me', 'us']);

/**
 * "Weeks after being freed from a Thai jail", "released from prison last month": the signal names a
 * detention that ended, not one under way. Not a demand for a release, which says the person is held.
 */
export function releasedSignal(h: Hit, s: FieldScan): boolean {
  return s.cues
    .at(h.sentence)
    .release.some((c) => c.sentence === h.sentence && c.last < h.first && c.last >= h.first - 3 && !DEMAND.has(s.tokens[c.first - 1]?.norm ?? ''));
}

/**
 * A cue of one of these kinds close to a signal, in its sentence: "she was detained", "detained him".
 * `quotes` picks where the cue may stand: a "he" inside a quote is someone the speaker talks about.
 */
export function cueNear(h: Hit, s: FieldScan, kinds: readonly CueKind[], before = 6, after = 4, quotes: 'any' | 'inside' | 'outside' = 'any'): boolean {
  return kinds.some((k) =>
    s.cues
      .at(h.sentence)
      [k].some(
        (c) =>
          c.sentence === h.sentence &&
          c.last >= h.first - before &&
          c.first <= h.last + after &&
          (quotes === 'any' || s.quoted[c.first] === (quotes === 'inside')),
      ),
  );
}

/** The genders of the pronouns close to a signal, outside and inside quotes, and whether an I/me is in a quote. */
export interface NearPronouns {
  outside: Gender[];
  quoted: Gender[];
  self: boolean;
}

/**
 * Pronouns close to a signal that can stand for a person named earlier: he/she outside quotes; inside a
 * quote, he/she for someone the speaker talks about, and I/me for the speaker. "she was detained" (6
 * words before, 4 after), "detained her" (4 after), "his detention" (3 before).
 */
export function pronounsNear(h: Hit, s: FieldScan): NearPronouns {
  const third = (where: 'inside' | 'outside'): Gender[] =>
    [...cuesNear(h, s, 'singular', 6, 4, where), ...cuesNear(h, s, 'object', 0, 4, where), ...cuesNear(h, s, 'possessive', 3, 0, where)].map((c) => c.gender);
  return { outside: third('outside'), quoted: third('inside'), self: cuesNear(h, s, 'firstPerson', 6, 4, 'inside').length > 0 };
}

function cuesNear(h: Hit, s: FieldScan, kind: CueKind, before: number, after: number, quotes: 'inside' | 'outside'): CueSpan[] {
  // "…,” she said": the pronoun of a comment verb is the speaker, not whom the quote is about.
  const here = s.cues.at(h.sentence);
  const speaking = (c: CueSpan): boolean => here.comment.some((v) => v.first === c.last + 1);
  return here[kind].filter(
    (c) => c.sentence === h.sentence && c.last >= h.first - before && c.first <= h.last + after && s.quoted[c.first] === (quotes === 'inside') && !speaking(c),
  );
}

/** The sentence names a group an event befell: "six activists", "the five", "they". */
export function groupSentence(s: FieldScan, sentence: number): boolean {
  const here = s.cues.at(sentence);
  return here.group.length > 0 || here.plural.length > 0;
}

/**
 * "whose parents were killed", "his wife's arrest": a relative word just before the signal, with no
 * watched name between them ("my husband Sombath's disappearance" is Sombath's).
 */
export function befellRelative(h: Hit, s: FieldScan, people: readonly Hit[]): boolean {
  return s.cues
    .at(h.sentence)
    .relative.some((c) => c.sentence === h.sentence && c.last < h.first && c.last >= h.first - 3 && !people.some((p) => p.first > c.last && p.last < h.first));
}
