import type { Token } from './tokenize';

interface Node<T> {
  next: Map<string, Node<T>>;
  values: T[];
}

export interface TrieHit<T> {
  /** Index of the first and last token of the hit. */
  first: number;
  last: number;
  values: T[];
  /** Indices of tokens that matched through `fuzzy` rather than exactly. */
  fuzzyAt: number[];
}

/** Proposes alternative keys for a token that has no exact edge (one-typo name matching). */
export type FuzzyEdges = (token: Token, keys: ReadonlyMap<string, unknown>) => string[];

/**
 * Phrases of any length, keyed token by token. Walking it from each token position costs the length of
 * the longest phrase at most, however many phrases it holds: the whole watchlist is one walk per token.
 */
/** A key that stands for any one word, or none: "overstaying * visa". */
export const ANY_WORD = '\u0000*';

export class TokenTrie<T> {
  private readonly root: Node<T> = { next: new Map(), values: [] };
  size = 0;
  private wildcards = false;

  insert(keys: readonly string[], value: T): void {
    if (keys.length === 0) return;
    if (keys.includes(ANY_WORD)) this.wildcards = true;
    let node = this.root;
    for (const k of keys) {
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = { next: new Map(), values: [] }));
      node = child;
    }
    node.values.push(value);
    this.size++;
  }

  /**
   * The longest phrase starting at token `i` whose words are joined (no punctuation between them).
   * `keys` holds each token's key (its folded form, name key or stem), worked out once per field.
   */
  longestAt(tokens: readonly Token[], i: number, keys: readonly string[], fuzzy?: FuzzyEdges): TrieHit<T> | undefined {
    // Most words start no phrase: one lookup says so, before any state is set up.
    if (!this.root.next.has(keys[i]!) && !fuzzy && !this.wildcards) return undefined;
    if (this.wildcards) return this.longestWithWildcards(tokens, i, keys);
    let node = this.root;
    let best: TrieHit<T> | undefined;
    const fuzzyAt: number[] = [];
    for (let j = i; j < tokens.length; j++) {
      const tok = tokens[j]!;
      if (j > i && !tok.joined) break;
      let child = node.next.get(keys[j]!);
      if (!child && fuzzy && fuzzyAt.length === 0) {
        const alt = fuzzy(tok, node.next)[0];
        if (alt !== undefined) {
          child = node.next.get(alt);
          fuzzyAt.push(j);
        }
      }
      if (!child) break;
      node = child;
      if (node.values.length > 0 && tokens[i]!.wordStart && tok.wordEnd) {
        best = { first: i, last: j, values: node.values, fuzzyAt: fuzzyAt.filter((f) => f <= j) };
      }
    }
    return best;
  }

  /** The same walk where some phrases hold ANY_WORD: each one may take the next word or none. */
  private longestWithWildcards(tokens: readonly Token[], i: number, keys: readonly string[]): TrieHit<T> | undefined {
    let best: TrieHit<T> | undefined;
    // States: a node reached, and the index of the next token to read.
    const stack: Array<[Node<T>, number]> = [[this.root, i]];
    while (stack.length > 0) {
      const [node, j] = stack.pop()!;
      const any = node.next.get(ANY_WORD);
      if (any) stack.push([any, j]);
      if (j >= tokens.length || (j > i && !tokens[j]!.joined)) continue;
      if (any && j > i) stack.push([any, j + 1]);
      const child = node.next.get(keys[j]!);
      if (!child) continue;
      if (child.values.length > 0 && tokens[i]!.wordStart && tokens[j]!.wordEnd && (!best || j > best.last)) {
        best = { first: i, last: j, values: child.values, fuzzyAt: [] };
      }
      stack.push([child, j + 1]);
    }
    return best;
  }

  /** Every phrase starting at token `i`, shortest first (no fuzzy edges): for cue words, where "they are" and "they" both count. */
  allAt(tokens: readonly Token[], i: number, keys: readonly string[]): TrieHit<T>[] {
    const out: TrieHit<T>[] = [];
    if (!this.root.next.has(keys[i]!)) return out;
    let node: Node<T> | undefined = this.root;
    for (let j = i; j < tokens.length && node; j++) {
      if (j > i && !tokens[j]!.joined) break;
      node = node.next.get(keys[j]!);
      if (node && node.values.length > 0 && tokens[i]!.wordStart && tokens[j]!.wordEnd) out.push({ first: i, last: j, values: node.values, fuzzyAt: [] });
    }
    return out;
  }

  /** Every phrase hit in the token stream, leftmost-longest, not overlapping. */
  scan(tokens: readonly Token[], keys: readonly string[], fuzzy?: FuzzyEdges): TrieHit<T>[] {
    const hits: TrieHit<T>[] = [];
    if (this.size === 0) return hits;
    for (let i = 0; i < tokens.length; i++) {
      const hit = this.longestAt(tokens, i, keys, fuzzy);
      if (hit) {
        hits.push(hit);
        i = hit.last;
      }
    }
    return hits;
  }
}
