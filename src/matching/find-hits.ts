import type { Match } from '../alerts/alert';
import type { ArticleField } from '../articles/article';
import type { CompiledWatchlist } from './compile';
import { findCues, type SentenceCues } from './cues';
import { splitSentences, type Span } from './sentences';
import { nameKey, stem } from './stem';
import type { TrieHit } from './token-trie';
import { tokenize, type Token } from './tokenize';

/** A match located by tokens as well as characters, so rules can measure distances in words. */
export interface Hit {
  entry: string;
  kind: Match['kind'];
  how: Match['how'];
  field: ArticleField;
  first: number;
  last: number;
  start: number;
  end: number;
  sentence: number;
  /** A name hit through an alias written { name, context }: it counts only where its words confirm it. */
  guard?: string;
}

/** One field of an article (title, summary or text), split and searched. */
export interface FieldScan {
  field: ArticleField;
  text: string;
  tokens: Token[];
  sentences: Span[];
  hits: Hit[];
  /** Short-form name hits, kept apart until the article shows which person they refer to. */
  shortForms: Hit[];
  /** Person ids whose identity-confirming context words appear here. */
  confirmed: Set<string>;
  /** People whose short form appears here inside someone else's full name ("Adnan Khashoggi"). */
  otherNames: Set<string>;
  /** Pronouns, comment verbs and list words: who a signal is about (see cues.ts). */
  cues: SentenceCues;
  /** Per token, whether it stands inside quotation marks: a quote's "he" is not its speaker. */
  quoted: boolean[];
}

function covered(hit: { first: number; last: number }, spans: ReadonlyArray<TrieHit<string>>, entry: string): boolean {
  return spans.some((x) => x.first <= hit.first && x.last >= hit.last && x.values.includes(entry));
}

export function scanField(field: ArticleField, text: string, c: CompiledWatchlist): FieldScan {
  const sentences = splitSentences(text);
  const tokens = tokenize(text, sentences);
  // Each token's keys, once: every trie below looks tokens up by one of them.
  const norms = tokens.map((t) => t.norm);
  const stems = norms.map(stem);
  const nameKeys = norms.map(nameKey);
  // Cues and quotes say who a signal is about: worked out only for a field where a name turns up.
  let cues: SentenceCues | undefined;
  let quoted: boolean[] | undefined;
  const scan: FieldScan = {
    field,
    text,
    tokens,
    sentences,
    hits: [],
    shortForms: [],
    confirmed: new Set(),
    otherNames: new Set(),
    get cues() {
      return (cues ??= findCues(tokens));
    },
    get quoted() {
      return (quoted ??= quotedTokens(text, tokens));
    },
  };
  const hit = (entry: string, kind: Hit['kind'], how: Hit['how'], first: number, last: number): Hit => ({
    entry,
    kind,
    how,
    field,
    first,
    last,
    start: tokens[first]!.start,
    end: tokens[last]!.end,
    sentence: tokens[first]!.sentence,
  });

  // People: full names and aliases (one typo allowed in a word if another word matches exactly).
  const nameExclusions = c.nameExclusions.scan(tokens, nameKeys);
  for (const h of c.names.scan(tokens, nameKeys, c.fuzzy?.edges)) {
    const length = h.last - h.first + 1;
    if (h.fuzzyAt.length >= length) continue;
    const key = nameKeys.slice(h.first, h.last + 1).join(' ');
    for (const person of new Set(h.values)) {
      if (covered(h, nameExclusions, person) || namesakeBeside(h, scan, stems, c.namesakes.get(person))) continue;
      const found = hit(person, 'person', h.fuzzyAt.length > 0 ? 'fuzzy' : 'exact', h.first, h.last);
      if (h.fuzzyAt.length === 0 && c.guardedNames.has(`${person}\u0000${key}`)) found.guard = `${person}\u0000${key}`;
      scan.hits.push(found);
    }
  }
  // Which tokens full names already cover: a short form inside one is part of that name.
  const named = new Uint8Array(tokens.length);
  for (const x of scan.hits) named.fill(1, x.first, x.last + 1);
  const taken = (first: number, last: number): boolean => named.subarray(first, last + 1).includes(1);
  for (const h of c.shortForms.scan(tokens, nameKeys)) {
    if (taken(h.first, h.last) || !tokens[h.first]!.capitalised) continue;
    // "Adnan Khashoggi" where Jamal Khashoggi is watched: another full name with the short form in it.
    const before = tokens[h.first - 1];
    if (
      before &&
      before.joined &&
      before.sentence === tokens[h.first]!.sentence &&
      /^\p{Lu}/u.test(text.slice(before.start, before.end)) &&
      !sentenceFirst(tokens, h.first - 1)
    ) {
      const isTitle = scan.cues.at(before.sentence).title.some((t) => t.last === h.first - 1);
      for (const person of new Set(h.values)) if (!isTitle && !c.nameWords.get(nameKey(before.norm))?.includes(person)) scan.otherNames.add(person);
      if (!isTitle) continue;
    }
    for (const person of new Set(h.values)) {
      if (!covered(h, nameExclusions, person) && !namesakeBeside(h, scan, stems, c.namesakes.get(person)))
        scan.shortForms.push(hit(person, 'person', 'short-form', h.first, h.last));
    }
  }
  // A title before words of a watched name ("Ms. Seng"): only where some word is a name word.
  if (nameKeys.some((k) => c.nameWords.has(k))) titledNames(scan, c, hit);
  for (const h of c.personContext.scan(tokens, nameKeys)) h.values.forEach((p) => scan.confirmed.add(p));

  // Contexts: countries, organisations, places, as written. Found first: near clauses may ask for one.
  const contextKinds = new Map<number, string[]>();
  for (const h of c.contexts.scan(tokens, norms)) {
    for (const ctx of new Set(h.values)) {
      scan.hits.push(hit(ctx, 'context', 'exact', h.first, h.last));
      contextKinds.set(h.first, [...(contextKinds.get(h.first) ?? []), `<${c.contextsById.get(ctx)!.kind}>`]);
    }
  }

  // Signals: words and phrases by stem, words near each other, patterns.
  const signalExclusions = c.signalExclusions.scan(tokens, stems);
  const signalTokens = new Map<string, Set<number>>();
  const signalHit = (entry: string, how: Hit['how'], first: number, last: number): void => {
    if (covered({ first, last }, signalExclusions, entry)) return;
    // A phrase and a near clause of the same signal often find the same words ("denied entry").
    const own = signalTokens.get(entry) ?? new Set<number>();
    for (let i = first; i <= last; i++) if (own.has(i)) return;
    for (let i = first; i <= last; i++) own.add(i);
    signalTokens.set(entry, own);
    scan.hits.push(hit(entry, 'signal', how, first, last));
  };
  for (const h of c.signalPhrases.scan(tokens, stems)) {
    for (const s of new Set(h.values)) signalHit(s, h.first === h.last ? 'stem' : 'phrase', h.first, h.last);
  }
  findNear(tokens, stems, contextKinds, c, signalHit);
  for (const pattern of c.patterns) {
    if (!pattern.mayMatch(text)) continue;
    const { signal, re } = pattern;
    for (const m of text.matchAll(re)) {
      const first = tokens.findIndex((t) => t.end > (m.index ?? 0));
      const end = (m.index ?? 0) + m[0].length;
      let last = first;
      while (last + 1 < tokens.length && tokens[last + 1]!.start < end) last++;
      if (first >= 0) signalHit(signal, 'phrase', first, last);
    }
  }

  scan.hits = capPerEntry(scan.hits.sort((a, b) => a.start - b.start || a.end - b.end));
  scan.shortForms = capPerEntry(scan.shortForms);
  return scan;
}

// No news names one person, or one signal, a hundred times in one field: the rest adds nothing but
// work, and a text built to stall the matcher would.
const MAX_HITS_PER_ENTRY = 100;

function capPerEntry(hits: Hit[]): Hit[] {
  const seen = new Map<string, number>();
  return hits.filter((h) => {
    const n = (seen.get(h.entry) ?? 0) + 1;
    seen.set(h.entry, n);
    return n <= MAX_HITS_PER_ENTRY;
  });
}

const OPENING = new Set(['“', '«', '「', '『', '„']);
const CLOSING = new Set(['”', '»', '」', '』']);

/**
 * Which tokens are inside quotation marks. Curly and angle quotes open and close; a straight quote
 * toggles; a quote left open ends with its paragraph, as news copy continues quotes across paragraphs
 * by opening each one again.
 */
export function quotedTokens(text: string, tokens: readonly Token[]): boolean[] {
  const out: boolean[] = [];
  let inside = false;
  let at = 0;
  for (const t of tokens) {
    for (; at < t.start; at++) {
      const ch = text[at]!;
      if (OPENING.has(ch)) inside = true;
      else if (CLOSING.has(ch)) inside = false;
      else if (ch === '"') inside = !inside;
      else if (ch === '\n' && /\n[ \t]*$/.test(text.slice(Math.max(0, at - 4), at))) inside = false;
    }
    out.push(inside);
    at = Math.max(at, t.end);
  }
  return out;
}

/**
 * "X, the actor", "footballer X", "the X Hotel": a namesake word right beside the name, in its
 * sentence — one or two words before it, or within four after it (after a comma, or straight after).
 */
function namesakeBeside(
  h: { first: number; last: number },
  scan: FieldScan,
  stems: readonly string[],
  words: ReadonlyArray<readonly string[]> | undefined,
): boolean {
  if (!words || words.length === 0) return false;
  const { tokens, text } = scan;
  const sentence = tokens[h.first]!.sentence;
  const at = (start: number, w: readonly string[]): boolean =>
    start >= 0 && w.every((s, k) => tokens[start + k]?.sentence === sentence && stems[start + k] === s);
  const apposition = /^\s*,/.test(text.slice(tokens[h.last]!.end));
  return words.some(
    (w) => at(h.first - w.length, w) || at(h.first - w.length - 1, w) || at(h.last + 1, w) || (apposition && [2, 3, 4].some((k) => at(h.last + k, w))),
  );
}

// "Mr Y Quynh Bdap": how many words of a name may follow a title.
const TITLED_WORDS = 3;

/**
 * "Ms. Seng", "Mr Rainsy", "ông Nhất": a title followed by words of a watched person's name. Like a
 * short form, it counts where that person is named in full in the same article, and is the only one
 * the words may mean.
 */
function titledNames(
  scan: FieldScan,
  c: CompiledWatchlist,
  hit: (entry: string, kind: Hit['kind'], how: Hit['how'], first: number, last: number) => Hit,
): void {
  const { tokens } = scan;
  for (const title of scan.cues.spans.title) {
    const first = title.last + 1;
    let people: string[] | undefined;
    let last = first - 1;
    for (let i = first; i < tokens.length && i < first + TITLED_WORDS && tokens[i]!.sentence === title.sentence; i++) {
      const own = c.nameWords.get(nameKey(tokens[i]!.norm));
      const next = people ? people.filter((p) => own?.includes(p)) : own;
      if (!next || next.length === 0 || !tokens[i]!.capitalised) break;
      people = next;
      last = i;
    }
    if (!people || last < first) continue;
    const taken =
      scan.hits.some((x) => x.kind === 'person' && x.sentence === title.sentence && x.first <= last && x.last >= first) ||
      scan.shortForms.some((x) => x.sentence === title.sentence && x.first <= last && x.last >= first);
    if (!taken) for (const p of people) scan.shortForms.push(hit(p, 'person', 'short-form', first, last));
  }
}

function sentenceFirst(tokens: readonly Token[], i: number): boolean {
  return i === 0 || tokens[i - 1]!.sentence !== tokens[i]!.sentence;
}

/**
 * Clauses such as "overstay … visa within 6 words", in either order and within one sentence, in one
 * pass over the tokens. A place in a clause may be filled by any of its words (by stem, or as written
 * for =word), or by a context of a kind (<country>) starting at that token.
 */
function findNear(
  tokens: readonly Token[],
  stems: readonly string[],
  contextKinds: ReadonlyMap<number, string[]>,
  c: CompiledWatchlist,
  found: (signal: string, how: 'near', first: number, last: number) => void,
): void {
  if (c.nearClauses.length === 0) return;
  let lastSeen = new Map<number, number[]>();
  let sentence = -1;
  const fill = (key: string, i: number): void => {
    for (const { clause, word } of c.nearByStem.get(key) ?? []) {
      const def = c.nearClauses[clause]!;
      let seen = lastSeen.get(clause);
      if (!seen) lastSeen.set(clause, (seen = new Array<number>(def.places).fill(-Infinity)));
      seen[word] = i;
      const earliest = Math.min(...seen);
      if (i - earliest <= def.within) {
        found(def.signal, 'near', earliest, i);
        seen.fill(-Infinity);
      }
    }
  };
  stems.forEach((s, i) => {
    if (tokens[i]!.sentence !== sentence) {
      sentence = tokens[i]!.sentence;
      lastSeen = new Map();
    }
    fill(s, i);
    if (c.nearExact.has(tokens[i]!.norm)) fill(`=${tokens[i]!.norm}`, i);
    for (const kind of contextKinds.get(i) ?? []) fill(kind, i);
  });
}
