import PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer');

const LATIN_WORD = /^[a-z0-9]+$/;

/** Porter stem of a folded English word; other words are their own stem. */
export function stem(norm: string): string {
  return LATIN_WORD.test(norm) ? PorterStemmer.stem(norm) : norm;
}
