/**
 * Folding of one word so that spellings an editor would call "the same name" compare equal:
 * compatibility forms (NFKC: full-width letters, ligatures), case, diacritics on Latin, Greek and
 * Cyrillic letters (Quỳnh = Quynh), apostrophes and possessives (Sokha's = Sokha), invisible joiners.
 *
 * Marks are stripped only after letters of those scripts: in Khmer, Thai or Devanagari the combining
 * marks are vowels and stripping them would merge different names.
 */

const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
const APOSTROPHES = /['\u2018\u2019\u02bc\u02b9\u0060\u00b4]/g;
const POSSESSIVE = /['\u2019\u02bc](s)?$/u;
const MARK_AFTER_ALPHABETIC = /(?<=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]\p{M}*)\p{M}/gu;
// Letters NFD does not decompose into a base letter and a mark.
const EXTRA_FOLDS: Record<string, string> = { ß: 'ss', đ: 'd', ð: 'd', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i' };
const EXTRA = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'g');

// News repeats its words: a bounded memo saves three Unicode normalisations for most tokens.
const folded = new Map<string, string>();
const FOLDED_LIMIT = 50_000;

export function foldWord(word: string): string {
  // Letters and digits of ASCII fold to their lower case: no memo needed.
  if (/^[a-z0-9]*$/i.test(word)) return word.toLowerCase();
  let w = folded.get(word);
  if (w === undefined) {
    w = fold(word);
    if (folded.size >= FOLDED_LIMIT) folded.clear();
    folded.set(word, w);
  }
  return w;
}

function fold(word: string): string {
  let w = word.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  w = w.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
  w = w.normalize('NFD').replace(MARK_AFTER_ALPHABETIC, '').normalize('NFC');
  return w.replace(EXTRA, (c) => EXTRA_FOLDS[c] ?? c);
}

/** Scripts written without spaces between words: their words come from a dictionary-based segmenter. */
export const SPACELESS = /[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}]/u;
