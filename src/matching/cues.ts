import { CUE_WORDS, type CueWords } from './cue-words';
import { TokenTrie } from './token-trie';
import { tokenize, type Token } from './tokenize';

/** Where one cue word or phrase of cue-words.ts sits in a field, by token index. */
export interface CueSpan {
  kind: CueKind;
  first: number;
  last: number;
  sentence: number;
}

export type CueKind = keyof CueWords;

export interface SentenceCues {
  /** Cue spans of each kind, in reading order. */
  spans: Record<CueKind, CueSpan[]>;
}

// Every language's cue words in one trie: an article may mix languages, and the words rarely collide.
const trie = new TokenTrie<CueKind>();
for (const words of Object.values(CUE_WORDS)) {
  for (const [kind, phrases] of Object.entries(words) as Array<[CueKind, string[]]>) {
    for (const phrase of phrases) trie.insert(tokenize(phrase).map((t) => t.norm), kind);
  }
}
const byNorm = (t: Token): string => t.norm;
const KINDS = Object.keys(CUE_WORDS.en!) as CueKind[];

// "six activists", "the 5": a count of people, but not a year or a date.
const COUNT = /^\d{1,3}$/;

export function findCues(tokens: readonly Token[]): SentenceCues {
  const spans = Object.fromEntries(KINDS.map((k) => [k, [] as CueSpan[]])) as Record<CueKind, CueSpan[]>;
  for (let i = 0; i < tokens.length; i++) {
    const sentence = tokens[i]!.sentence;
    for (const hit of trie.allAt(tokens, i, byNorm)) {
      for (const kind of new Set(hit.values)) spans[kind].push({ kind, first: hit.first, last: hit.last, sentence });
    }
    const n = COUNT.test(tokens[i]!.norm) ? Number(tokens[i]!.norm) : 0;
    if (n >= 2) spans.group.push({ kind: 'group', first: i, last: i, sentence });
  }
  return { spans };
}
