import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');
import type PorterStemmerRuType = require('natural/lib/natural/stemmers/porter_stemmer_ru');

const LATIN_WORD = /^[a-z0-9]+$/;
// Russian, and close enough for the case endings of Bulgarian, Serbian and Ukrainian names and verbs.
const CYRILLIC_WORD = /^\p{Script=Cyrillic}+$/u;

// Loaded on the first Cyrillic word: most runs never see one.
let ru: typeof PorterStemmerRuType | undefined;
function russian(): typeof PorterStemmerRuType {
  return (ru ??= require('natural/lib/natural/stemmers/porter_stemmer_ru') as typeof PorterStemmerRuType);
}

// News vocabulary is small and repetitive; a bounded cache saves most of the stemmer's work.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/**
 * Stem of a folded word: Porter for Latin letters (English, and consistent for the listed forms of other
 * Latin-script languages), the Russian Porter stemmer for Cyrillic; other words are their own stem.
 * Over-long tokens are not stemmed: no word is that long, and the stemmer's cost grows with length.
 */
export function stem(norm: string): string {
  let s = cache.get(norm);
  if (s === undefined) {
    s = norm.length > 40 ? norm : LATIN_WORD.test(norm) ? PorterStemmer.stem(norm) : CYRILLIC_WORD.test(norm) ? russian().stem(norm) : norm;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(norm, s);
  }
  return s;
}

/**
 * How a name word is compared. Names decline in Cyrillic languages ("Зелимхана" is Zelimkhan's genitive),
 * so there a name word compares by stem; elsewhere as written (folded).
 */
export function nameKey(norm: string): string {
  return CYRILLIC_WORD.test(norm) ? stem(norm) : norm;
}

/** The stems worked out so far, to keep with a cached watchlist (config/watchlist-cache.ts). */
export function knownStems(): Array<[string, string]> {
  return [...cache];
}

/** Stems worked out by an earlier run: the Porter stemmer is most of compiling a watchlist. */
export function primeStems(stems: ReadonlyArray<readonly [string, string]>): void {
  for (const [norm, s] of stems) if (cache.size < CACHE_LIMIT) cache.set(norm, s);
}
