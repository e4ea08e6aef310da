import { foldWord, SPACELESS } from './normalise';

export interface Token {
  /** Folded form, what the matcher compares. */
  norm: string;
  start: number;
  end: number;
  /** Written with a capital (or in a script without case): a guard for fuzzy name matching. */
  capitalised: boolean;
  /** False when punctuation or a paragraph break separates this token from the previous one. */
  joined: boolean;
  /**
   * For scripts without spaces each grapheme cluster is a token, so a name matches whatever way the
   * segmenter cut the surrounding text; these flags say where the segmenter's words begin and end,
   * and a match must start and end on them.
   */
  wordStart: boolean;
  wordEnd: boolean;
  sentence: number;
}

// Made on first use: creating a segmenter loads its ICU data, and Latin text needs neither.
let wordSegmenter: Intl.Segmenter | undefined;
let graphemeSegmenter: Intl.Segmenter | undefined;
const words = (): Intl.Segmenter => (wordSegmenter ??= new Intl.Segmenter('und', { granularity: 'word' }));
const graphemes = (): Intl.Segmenter => (graphemeSegmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' }));
// Chinese and Japanese: the segmenter's dictionary often cuts an unknown name or a compound apart
// ("瑞|典籍"), so there every character is a token and a match may start and end on any of them.
const HAN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;
// Honorifics and titles written glued to the name in scripts without spaces ("លោកកឹម សុខា" is Mr Kem
// Sokha): a name may start right after one even where the segmenter made one word of both.
const GLUED_TITLES = ['លោកស្រី', 'អ្នកស្រី', 'លោក', 'ឯកឧត្តម', 'นางสาว', 'นาย', 'นาง', 'ทนาย', 'อาจารย์', 'ທ່ານ', 'ທ້າວ', 'ນາງ', 'ဦး', 'ဒေါ်'].sort(
  (a, b) => b.length - a.length,
);
// Only letters of scripts written with spaces, marks and digits, separated by spaces.
const SIMPLE = /^[\s\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Georgian}\p{Script=Armenian}\p{M}\p{Nd}]*$/u;
// French and Italian elision: "d'Idris", "l'opposant" are the words Idris and opposant.
const ELISION = /^(?:[dljnmstc]|qu|jusqu|lorsqu|puisqu|dell|all|nell|sull)['’](?=\p{L})/iu;

// Between two words of one name: spaces (also non-breaking), one line break, hyphens, invisible joiners.
const JOINING_GAP = /^[\s\u00a0\u2000-\u200f\u2060\ufeff\-\u2010\u2011]*$/u;
const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n/;

/** Written with a capital, or in a script without case (digits count too). */
function capitalised(raw: string): boolean {
  const code = raw.charCodeAt(0);
  if (code >= 0x61 && code <= 0x7a) return false;
  if (code >= 0x41 && code <= 0x5a) return true;
  const ch = String.fromCodePoint(raw.codePointAt(0) ?? 0);
  return ch !== ch.toLowerCase() || ch === ch.toUpperCase();
}

function isJoined(gap: string): boolean {
  return JOINING_GAP.test(gap) && !PARAGRAPH_BREAK.test(gap);
}

/**
 * Splits text into folded word tokens, keeping each token's offsets into the original text. Given the
 * sentence spans, each sentence is segmented on its own: V8's segmenter slows down on long strings
 * faster than linearly, and a sentence is what the rules need anyway.
 */
export function tokenize(text: string, sentences: ReadonlyArray<{ start: number; end: number }> = [{ start: 0, end: text.length }]): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let prevEnd = -1;
  const push = (raw: string, start: number, wordStart: boolean, wordEnd: boolean): void => {
    const norm = foldWord(raw);
    if (!norm) return;
    tokens.push({
      norm,
      start,
      end: start + raw.length,
      capitalised: capitalised(raw),
      // One space is the commonest gap by far, and joins without a look at the text.
      joined: prevEnd >= 0 && ((start - prevEnd === 1 && text.charCodeAt(prevEnd) === 0x20) || isJoined(text.slice(prevEnd, start))),
      wordStart,
      wordEnd,
      sentence,
    });
    prevEnd = start + raw.length;
  };
  sentences.forEach((span, index) => {
    sentence = index;
    const part = text.slice(span.start, span.end);
    if (SIMPLE.test(part)) {
      // Words of letters and digits between spaces: what the segmenter would find, found without it
      // (most of a watchlist, and segmenting every entry is most of compiling it).
      for (const m of part.matchAll(/\S+/g)) push(m[0], span.start + m.index, true, true);
      return;
    }
    // Most news is Latin, Cyrillic or Greek prose, whose word boundaries follow from its characters
    // alone: found without the segmenter, which was a fifth of matching time.
    const simple = alphabeticWords(part);
    if (simple) {
      for (let k = 0; k < simple.length; k += 2) {
        const at = span.start + simple[k]!;
        const word = part.slice(simple[k], simple[k + 1]);
        const elided = ELISION.exec(word)?.[0].length ?? 0;
        push(word.slice(elided), at + elided, true, true);
      }
      return;
    }
    for (const seg of words().segment(part)) {
      if (!seg.isWordLike) continue;
      const at = span.start + seg.index;
      const elided = ELISION.exec(seg.segment)?.[0].length ?? 0;
      if (HAN.test(seg.segment)) {
        for (const c of graphemes().segment(seg.segment)) push(c.segment, at + c.index, true, true);
        continue;
      }
      if (!SPACELESS.test(seg.segment)) {
        push(seg.segment.slice(elided), at + elided, true, true);
        continue;
      }
      const title = GLUED_TITLES.find((t) => seg.segment.length > t.length && seg.segment.startsWith(t))?.length ?? -1;
      const clusters = [...graphemes().segment(seg.segment)];
      clusters.forEach((c, i) => push(c.segment, at + c.index, i === 0 || c.index === title, i === clusters.length - 1 || clusters[i + 1]?.index === title));
    }
  });
  return tokens;
}

// How a character takes part in a word under the word-boundary rules of Unicode (UAX #29) that the
// segmenter applies to scripts written with spaces. OTHER ends a word; FALLBACK is anything those
// rules treat specially (other scripts, underscores, format characters): the segmenter decides.
const enum Part {
  OTHER,
  LETTER,
  DIGIT,
  MARK,
  /** Joins two letters: a:b. */
  MID_LETTER,
  /** Joins two letters or two digits: e.g, it’s, 3.5. */
  MID_NUM_LET,
  /** Joins two digits: 1,000. */
  MID_NUM,
  FALLBACK,
}

const ALPHABETIC_LETTER = /^(?=[\p{L}\p{Nl}])[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;
const OTHER_PUNCTUATION = new Set([...'!"#$%&()*+-/<=>?@[\\]^`{|}~', '\u00a0', '\u00ab', '\u00bb', '\u2013', '\u2014', '\u201c', '\u201d', '\u2026']);
const partCache = new Map<number, Part>();

function partOf(code: number): Part {
  if (code >= 0x61 && code <= 0x7a) return Part.LETTER;
  if (code === 0x20) return Part.OTHER;
  let part = partCache.get(code);
  if (part === undefined) {
    const ch = String.fromCharCode(code);
    if ((code >= 0x41 && code <= 0x5a) || (code < 0x2000 && ALPHABETIC_LETTER.test(ch))) part = Part.LETTER;
    else if (code >= 0x30 && code <= 0x39) part = Part.DIGIT;
    else if (ch === '.' || ch === "'" || ch === '\u2018' || ch === '\u2019') part = Part.MID_NUM_LET;
    else if (ch === ':') part = Part.MID_LETTER;
    else if (ch === ',' || ch === ';') part = Part.MID_NUM;
    else if (code >= 0x300 && code <= 0x36f) part = Part.MARK;
    else if (ch === '\t' || ch === '\n' || ch === '\r' || OTHER_PUNCTUATION.has(ch)) part = Part.OTHER;
    else part = Part.FALLBACK;
    partCache.set(code, part);
  }
  return part;
}

/**
 * The words of a text in Latin, Cyrillic or Greek letters, digits, combining accents and common
 * punctuation, as start and end offsets in pairs: the word-like segments `Intl.Segmenter` gives for
 * such text (tested against it). Undefined when the text holds anything else.
 */
export function alphabeticWords(text: string): number[] | undefined {
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const part = partOf(text.charCodeAt(i));
    if (part === Part.FALLBACK) return undefined;
    if (part !== Part.LETTER && part !== Part.DIGIT) {
      i++; // a mark outside a word belongs to the space or punctuation before it
      continue;
    }
    const start = i;
    let last = part;
    for (i++; i < n; i++) {
      const next = partOf(text.charCodeAt(i));
      if (next === Part.MARK) continue;
      if (next === Part.LETTER || next === Part.DIGIT) {
        last = next;
        continue;
      }
      if (next === Part.FALLBACK) return undefined;
      if (next === Part.OTHER) break;
      // A middle character joins when the same kind follows it (accents after it do not count).
      let j = i + 1;
      while (j < n && partOf(text.charCodeAt(j)) === Part.MARK) j++;
      const after = j < n ? partOf(text.charCodeAt(j)) : Part.OTHER;
      if (after === Part.FALLBACK) return undefined;
      const joins =
        (last === Part.LETTER && after === Part.LETTER && (next === Part.MID_LETTER || next === Part.MID_NUM_LET)) ||
        (last === Part.DIGIT && after === Part.DIGIT && (next === Part.MID_NUM || next === Part.MID_NUM_LET));
      if (!joins) break;
      i = j - 1;
    }
    out.push(start, i);
  }
  return out;
}

// A run of a script written without spaces (or of Han characters): its tokens are its grapheme clusters
// wherever the segmenter puts word boundaries, so they can be had without the dictionary segmenter.
const UNSPACED_RUN = /^[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{M}]+$/u;
const SIMPLE_RUN =
  /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Georgian}\p{Script=Armenian}\p{M}\p{Nd}]+$/u;

/**
 * The folded words of a watchlist entry: the norms `tokenize` gives, without segmenting where the
 * result is known (compiling a watchlist in many scripts would otherwise load every dictionary).
 */
export function wordsOf(phrase: string): string[] {
  let words = entryWords.get(phrase);
  if (words === undefined) {
    words = splitEntry(phrase);
    if (entryWords.size >= ENTRY_WORDS_LIMIT) entryWords.clear();
    entryWords.set(phrase, words);
  }
  return words;
}

// A watchlist's entries are split again at every compile (each reload, each `match`); entries in
// scripts without spaces need the grapheme segmenter, whose first use costs more than a whole match.
const entryWords = new Map<string, string[]>();
const ENTRY_WORDS_LIMIT = 50_000;

/** The entries split so far, to keep with a cached watchlist (config/watchlist-cache.ts). */
export function knownWords(): Array<[string, string[]]> {
  return [...entryWords];
}

/** Entries split by an earlier run. */
export function primeWords(known: ReadonlyArray<readonly [string, string[]]>): void {
  for (const [phrase, words] of known) if (entryWords.size < ENTRY_WORDS_LIMIT) entryWords.set(phrase, words);
}

function splitEntry(phrase: string): string[] {
  const out: string[] = [];
  for (const piece of phrase.split(/\s+/)) {
    if (piece === '') continue;
    if (SIMPLE_RUN.test(piece)) out.push(foldWord(piece));
    else if (UNSPACED_RUN.test(piece)) for (const g of graphemes().segment(piece)) out.push(foldWord(g.segment));
    else out.push(...tokenize(piece).map((t) => t.norm));
  }
  return out.filter((w) => w !== '');
}
