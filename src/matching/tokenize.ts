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

const words = new Intl.Segmenter('und', { granularity: 'word' });
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

// Between two words of one name: spaces (also non-breaking), one line break, hyphens, invisible joiners.
const JOINING_GAP = /^[\s\u00a0\u2000-\u200f\u2060\ufeff\-\u2010\u2011]*$/u;
const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n/;

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
    const first = raw.codePointAt(0) ?? 0;
    const ch = String.fromCodePoint(first);
    tokens.push({
      norm,
      start,
      end: start + raw.length,
      capitalised: ch !== ch.toLowerCase() || ch === ch.toUpperCase(),
      joined: prevEnd >= 0 && isJoined(text.slice(prevEnd, start)),
      wordStart,
      wordEnd,
      sentence,
    });
    prevEnd = start + raw.length;
  };
  sentences.forEach((span, index) => {
    sentence = index;
    for (const seg of words.segment(text.slice(span.start, span.end))) {
      if (!seg.isWordLike) continue;
      const at = span.start + seg.index;
      if (!SPACELESS.test(seg.segment)) {
        push(seg.segment, at, true, true);
        continue;
      }
      const clusters = [...graphemes.segment(seg.segment)];
      clusters.forEach((c, i) => push(c.segment, at + c.index, i === 0, i === clusters.length - 1));
    }
  });
  return tokens;
}
