import { CUE_WORDS, GENDERED, type CueWords } from './cue-words';
import { TokenTrie } from './token-trie';
import { wordsOf, type Token } from './tokenize';

/** Where one cue word or phrase of cue-words.ts sits in a field, by token index. */
export interface CueSpan {
  kind: CueKind;
  first: number;
  last: number;
  sentence: number;
  /** For pronouns and titles: a man's, a woman's, or either (first person, plural). */
  gender: Gender;
}

export type Gender = 'm' | 'f' | 'x';

export type CueKind = keyof CueWords;

export interface SentenceCues {
  /** Cue spans of each kind, in reading order. */
  spans: Record<CueKind, CueSpan[]>;
  /** The same, for one sentence: what the rules look at, so that their work grows with the sentence. */
  at(sentence: number): Record<CueKind, CueSpan[]>;
}

// Every language's cue words in one trie: an article may mix languages, and the words rarely collide.
// Built on first use, as cues are looked for only where a watched name turns up.
let cueIndex: { trie: TokenTrie<CueKind>; genderOf: Map<string, Gender> } | undefined;
function index(): NonNullable<typeof cueIndex> {
  if (cueIndex) return cueIndex;
  const trie = new TokenTrie<CueKind>();
  for (const words of Object.values(CUE_WORDS)) {
    for (const [kind, phrases] of Object.entries(words) as Array<[CueKind, string[]]>) {
      for (const phrase of phrases) trie.insert(wordsOf(phrase), kind);
    }
  }
  const genderOf = new Map<string, Gender>((['m', 'f'] as const).flatMap((g) => GENDERED[g].map((w) => [wordsOf(w).join(' '), g] as const)));
  return (cueIndex = { trie, genderOf });
}
const KINDS = Object.keys(CUE_WORDS.en!) as CueKind[];

// "six activists", "the 5": a count of people, but not a year or a date.
const COUNT = /^\d{1,3}$/;

export function findCues(tokens: readonly Token[]): SentenceCues {
  const { trie, genderOf } = index();
  const spans = Object.fromEntries(KINDS.map((k) => [k, [] as CueSpan[]])) as Record<CueKind, CueSpan[]>;
  const norms = tokens.map((t) => t.norm);
  for (let i = 0; i < tokens.length; i++) {
    const sentence = tokens[i]!.sentence;
    for (const hit of trie.allAt(tokens, i, norms)) {
      const gender =
        genderOf.get(
          tokens
            .slice(hit.first, hit.last + 1)
            .map((t) => t.norm)
            .join(' '),
        ) ?? 'x';
      for (const kind of new Set(hit.values)) spans[kind].push({ kind, first: hit.first, last: hit.last, sentence, gender });
    }
    const n = COUNT.test(tokens[i]!.norm) ? Number(tokens[i]!.norm) : 0;
    if (n >= 2) spans.group.push({ kind: 'group', first: i, last: i, sentence, gender: 'x' });
  }
  const bySentence = new Map<number, Record<CueKind, CueSpan[]>>();
  const empty = (): Record<CueKind, CueSpan[]> => Object.fromEntries(KINDS.map((k) => [k, [] as CueSpan[]])) as Record<CueKind, CueSpan[]>;
  for (const kind of KINDS) {
    for (const c of spans[kind]) {
      let one = bySentence.get(c.sentence);
      if (!one) bySentence.set(c.sentence, (one = empty()));
      one[kind].push(c);
    }
  }
  const none = empty();
  return { spans, at: (sentence) => bySentence.get(sentence) ?? none };
}
