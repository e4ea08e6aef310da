import { contextKindIn } from '../config/severity';
import type { ContextEntry, Person, Signal, Watchlist } from '../config/watchlist-schema';
import { FuzzyNameIndex } from './fuzzy';
import { GatedPattern } from './pattern-gate';
import { nameKey, stem } from './stem';
import { ANY_WORD, TokenTrie } from './token-trie';
import { tokenize, wordsOf } from './tokenize';

export interface NearClause {
  signal: string;
  /** How many places the clause has; each must be filled within `within` words, in one sentence. */
  places: number;
  within: number;
}

/** The watchlist turned into lookup structures, built once and shared by every article. */
export interface CompiledWatchlist {
  watchlist: Watchlist;
  /** Entries by id: per-article work must not scan the whole watchlist. */
  peopleById: Map<string, Person>;
  signalsById: Map<string, Signal>;
  contextsById: Map<string, ContextEntry>;
  /** Full names and aliases → person ids, keyed by folded word. */
  names: TokenTrie<string>;
  /** First-mention-only short forms → person ids. */
  shortForms: TokenTrie<string>;
  /** Phrases that contain a person's name but mean something else → person id. */
  nameExclusions: TokenTrie<string>;
  /** Identity-confirming context words → person id (or person id and guarded alias, for an alias's own words). */
  personContext: TokenTrie<string>;
  /** Aliases written { name, context }, by person id and name words → whether they have words of their own. */
  guardedNames: Map<string, boolean>;
  /** Every word of every full name and alias → the people it belongs to: "Ms. Seng" after "Theary Seng". */
  nameWords: Map<string, string[]>;
  /** Per person, the words (stems, one list per entry) that right beside the name mark a namesake. */
  namesakes: Map<string, string[][]>;
  /** Signal words and phrases, keyed by stem → signal ids. */
  signalPhrases: TokenTrie<string>;
  signalExclusions: TokenTrie<string>;
  nearClauses: NearClause[];
  /** Stem, =form for an exact word, or <kind> for a context of that kind → the near clauses (index, place) it can fill. */
  nearByStem: Map<string, Array<{ clause: number; word: number }>>;
  /** The words near clauses take only as written (=word): only these tokens are also looked up as written. */
  nearExact: Set<string>;
  /** Each with a gate: a literal that every match holds (pattern-gate.ts), tested first. */
  patterns: GatedPattern[];
  contexts: TokenTrie<string>;
  fuzzy?: FuzzyNameIndex;
}

/** A phrase's keys by stem; a lone * is any one word or none ("overstaying * visa"). */
export function phraseKeys(phrase: string): string[] {
  return phrase
    .trim()
    .split(/\s+/)
    .flatMap((piece) => (piece === '*' ? [ANY_WORD] : wordsOf(piece).map(stem)));
}

/** How a near-clause word is looked up: <kind> as is, =word by its folded form, other words by stem. */
function nearKey(word: string): string {
  if (contextKindIn(word)) return word;
  if (word.startsWith('=')) return `=${wordsOf(word.slice(1)).join(' ')}`;
  return stem(wordsOf(word).join(' '));
}

export { wordsOf };

// Scripts whose words the segmenter finds without spaces: one such word is several tokens.
const UNSPACED = /^[\p{Script=Khmer}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{M}]+$/u;

/** One word, as `words` and near clauses take: one token, or one unspaced run of a script written without spaces. */
export function isOneWord(word: string): boolean {
  const tokens = tokenize(word);
  return tokens.length === 1 || (tokens.length > 1 && UNSPACED.test(word.trim()));
}

/** The words of a name, as the name tries key them (see nameKey). */
export function nameWordsOf(name: string): string[] {
  return wordsOf(name).map(nameKey);
}

export function compileWatchlist(watchlist: Watchlist): CompiledWatchlist {
  const c: CompiledWatchlist = {
    watchlist,
    peopleById: new Map(watchlist.people.map((p) => [p.id, p])),
    signalsById: new Map(watchlist.signals.map((s) => [s.id, s])),
    contextsById: new Map(watchlist.contexts.map((x) => [x.id, x])),
    names: new TokenTrie(),
    shortForms: new TokenTrie(),
    nameExclusions: new TokenTrie(),
    personContext: new TokenTrie(),
    guardedNames: new Map(),
    nameWords: new Map(),
    namesakes: new Map(),
    signalPhrases: new TokenTrie(),
    signalExclusions: new TokenTrie(),
    nearClauses: [],
    nearByStem: new Map(),
    nearExact: new Set(),
    patterns: [],
    contexts: new TokenTrie(),
  };
  const fuzzy = watchlist.settings.fuzzy.enabled ? new FuzzyNameIndex(watchlist.settings.fuzzy.minLength) : undefined;
  if (fuzzy) c.fuzzy = fuzzy;

  const stems = (w: string): string[] => wordsOf(w).map(stem);
  const namesakeWords = watchlist.settings.namesakeWords.map(stems);
  for (const p of watchlist.people) {
    c.namesakes.set(
      p.id,
      [...namesakeWords, ...p.namesake.map(stems)].filter((w) => w.length > 0),
    );
    for (const g of p.guardedAliases) {
      const key = nameWordsOf(g.name).join(' ');
      c.guardedNames.set(`${p.id}\u0000${key}`, g.context.length > 0);
      for (const w of g.context) c.personContext.insert(nameWordsOf(w), `${p.id}\u0000${key}`);
    }
    for (const name of [p.name, ...p.aliases]) {
      const words = wordsOf(name);
      c.names.insert(words.map(nameKey), p.id);
      // Only names of two words or more may match with a typo: a lone fuzzy word is too weak.
      if (fuzzy && words.length > 1) words.forEach((w) => fuzzy.add(w));
    }
    // A short form that is no part of any of the person's names is a nickname or pen name ("Kasalong"):
    // it names them on its own, like an alias.
    const own = new Set([p.name, ...p.aliases].flatMap(nameWordsOf));
    for (const w of own) if (!c.nameWords.get(w)?.includes(p.id)) c.nameWords.set(w, [...(c.nameWords.get(w) ?? []), p.id]);
    for (const s of p.shortForms) (nameWordsOf(s).every((w) => own.has(w)) ? c.shortForms : c.names).insert(nameWordsOf(s), p.id);
    for (const x of p.exclude) c.nameExclusions.insert(nameWordsOf(x), p.id);
    for (const w of p.context) c.personContext.insert(nameWordsOf(w), p.id);
  }

  for (const s of watchlist.signals) {
    for (const w of [...s.words, ...s.phrases]) c.signalPhrases.insert(phraseKeys(w), s.id);
    for (const x of s.exclude) c.signalExclusions.insert(wordsOf(x).map(stem), s.id);
    for (const n of s.near) {
      const clause = c.nearClauses.length;
      c.nearClauses.push({ signal: s.id, places: n.words.length, within: n.within });
      n.words.forEach((slot, word) => {
        for (const w of new Set([slot].flat().map((x) => nearKey(x)))) {
          if (w.startsWith('=')) c.nearExact.add(w.slice(1));
          const list = c.nearByStem.get(w) ?? [];
          list.push({ clause, word });
          c.nearByStem.set(w, list);
        }
      });
    }
    // Validated before compiling, so these compile.
    for (const p of s.patterns) c.patterns.push(new GatedPattern(s.id, new RegExp(p, 'giu')));
  }

  for (const ctx of watchlist.contexts) for (const w of ctx.words) c.contexts.insert(wordsOf(w), ctx.id);
  return c;
}
