import type JaroWinklerFn = require('natural/lib/natural/distance/jaro-winkler_distance');
import type { DamerauLevenshteinDistance as DamerauLevenshteinFn } from 'natural/lib/natural/distance/levenshtein_distance';

// Loaded on first use: most articles never reach a fuzzy comparison, and a command matching one file
// should not pay for natural's distance modules.
interface Distances {
  jw: typeof JaroWinklerFn;
  dl: typeof DamerauLevenshteinFn;
}
let distances: Distances | undefined;
function loadDistances(): Distances {
  return (distances ??= {
    jw: require('natural/lib/natural/distance/jaro-winkler_distance') as typeof JaroWinklerFn,
    dl: (require('natural/lib/natural/distance/levenshtein_distance') as { DamerauLevenshteinDistance: typeof DamerauLevenshteinFn })
      .DamerauLevenshteinDistance,
  });
}
import type { FuzzyEdges } from './token-trie';

const MAX_NAME_WORD = 40;
const MEMO_LIMIT = 20_000;

/**
 * One-typo matching for the words of watched names ("Sohka" for "Sokha"), through a deletion index:
 * a word and a name word one edit apart share a one-letter deletion, so candidates are found by a few
 * map lookups per article word, whatever the size of the watchlist. Guards keep it off ordinary words:
 * the word must be capitalised, long enough, start with the same letter, and not be a name word itself;
 * the caller also requires another word of the same name to match exactly.
 */
export class FuzzyNameIndex {
  private readonly byDeletion = new Map<string, Set<string>>();
  private readonly known = new Set<string>();

  constructor(private readonly minLength: number) {}

  add(word: string): void {
    this.known.add(word);
    if ([...word].length < this.minLength) return;
    for (const v of deletions(word)) {
      let set = this.byDeletion.get(v);
      if (!set) this.byDeletion.set(v, (set = new Set()));
      set.add(word);
    }
  }

  // Capitalised words recur (places, months, names nobody watches): their candidates are worked out once.
  private readonly memo = new Map<string, string[]>();

  readonly edges: FuzzyEdges = (token, keys) => {
    if (!token.capitalised) return [];
    const word = token.norm;
    let near = this.memo.get(word);
    if (near === undefined) {
      near = this.nameWordsNear(word);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(word, near);
    }
    return near.length === 0 ? near : near.filter((cand) => keys.has(cand));
  };

  /** The name words one typo from this word, starting with the same letter. */
  private nameWordsNear(word: string): string[] {
    // A word far longer than any name word cannot be one typo away from it, and its deletions would cost.
    if (this.known.has(word) || [...word].length < this.minLength || word.length > MAX_NAME_WORD) return [];
    const found: string[] = [];
    for (const v of deletions(word)) {
      for (const cand of this.byDeletion.get(v) ?? []) {
        if (found.includes(cand) || cand[0] !== word[0]) continue;
        const { dl, jw } = loadDistances();
        if (dl(cand, word) <= 1 && jw(cand, word) >= 0.9) found.push(cand);
      }
    }
    return found;
  }
}

function deletions(word: string): string[] {
  const chars = [...word];
  const out = [word];
  for (let i = 0; i < chars.length; i++) out.push(chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  return out;
}
