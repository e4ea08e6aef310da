import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');

const LATIN_WORD = /^[a-z0-9]+$/;

// News vocabulary is small and repetitive; a bounded cache saves most of the stemmer's work.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Porter stem of a folded English word; other words are their own stem. */
export function stem(norm: string): string {
  let s = cache.get(norm);
  if (s === undefined) {
    s = LATIN_WORD.test(norm) ? PorterStemmer.stem(norm) : norm;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(norm, s);
  }
  return s;
}
