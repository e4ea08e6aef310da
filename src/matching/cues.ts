import type { Token } from './tokenize';

/**
 * English words that tell the rules who a signal is about. They are cues, not grammar: cheap checks
 * that remove the commonest wrong pairings in news writing (see docs/matching.md, "Who a signal is about").
 */

// "She was detained": a later sentence about one person.
const SINGULAR_PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'himself', 'herself']);
// "They were detained", "the pair were detained": about a group, so only about a person named as one of a group.
const PLURAL_PRONOUNS = new Set(['they', 'them', 'their', 'themselves', 'pair', 'both', 'trio']);
// "… condemned the arrest", "… said deportations are rising": the person named before the verb is
// commenting on someone else's case, unless a he/she/him/her after the verb turns it back to them
// ("… said she was detained"). Exact forms, not stems: "protester" is not a reaction.
const COMMENT_VERBS = new Set([
  ...['condemn', 'denounce', 'criticise', 'criticize', 'deplore', 'protest', 'welcome', 'hail', 'lament', 'blast'].flatMap((v) => [
    v,
    `${v}s`,
    v.endsWith('e') ? `${v}d` : `${v}ed`,
  ]),
  ...['decry', 'decries', 'decried', 'slam', 'slams', 'slammed'],
  ...['said', 'says', 'told', 'tells', 'added', 'adds', 'wrote', 'writes', 'stated', 'states', 'tweeted', 'posted', 'argued', 'argues', 'noted', 'notes'],
]);
// "Twenty-seven were tried in absentia. They include Mu Sochua": a list of those the signal names.
const LIST_MARKERS = new Set(['include', 'includes', 'included', 'including', 'among']);

export interface SentenceCues {
  singularPronoun: Set<number>;
  pluralPronoun: Set<number>;
  /** Token indices of comment verbs, and of he/she/him/her, which may point a comment back at its speaker. */
  comments: number[];
  singular: number[];
  listMarkers: number[];
}

export function findCues(tokens: readonly Token[]): SentenceCues {
  const cues: SentenceCues = { singularPronoun: new Set(), pluralPronoun: new Set(), comments: [], singular: [], listMarkers: [] };
  tokens.forEach((t, i) => {
    if (SINGULAR_PRONOUNS.has(t.norm)) {
      cues.singularPronoun.add(t.sentence);
      cues.singular.push(i);
    }
    if (PLURAL_PRONOUNS.has(t.norm)) cues.pluralPronoun.add(t.sentence);
    if (LIST_MARKERS.has(t.norm)) cues.listMarkers.push(i);
    if (COMMENT_VERBS.has(t.norm)) cues.comments.push(i);
  });
  return cues;
}
