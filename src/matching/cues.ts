import type { Token } from './tokenize';

/**
 * English words that tell the rules who a signal is about. They are cues, not grammar: cheap checks
 * that remove the commonest wrong pairings in news writing (see docs/matching.md, "Who a signal is about").
 */

// "She was detained": a later sentence about one person.
const SINGULAR_PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'himself', 'herself']);
// "They were detained": about a group, so only about a person named as one of a group.
const PLURAL_PRONOUNS = new Set(['they', 'them', 'their', 'themselves']);
// "… condemned the arrest": the person named before the verb is reacting to someone else's case. Exact
// forms, not stems: "protester" is not a reaction.
const REACTIONS = new Set(
  ['condemn', 'condemned', 'denounce', 'denounced', 'criticise', 'criticised', 'criticize', 'criticized', 'decry', 'decried', 'deplore', 'deplored', 'protest', 'protested', 'slam', 'slammed', 'welcome', 'welcomed', 'hail', 'hailed', 'lament', 'lamented', 'blast', 'blasted', 'condemns', 'denounces', 'criticises', 'criticizes', 'decries', 'deplores', 'protests', 'slams', 'welcomes', 'hails', 'laments', 'blasts'],
);
// "… condemned the arrest warrant against him": the reaction is to their own case after all.
const OWN_CASE = new Set(['him', 'her', 'himself', 'herself']);
// "Twenty-seven were tried in absentia. They include Mu Sochua": a list of those the signal names.
const LIST_MARKERS = new Set(['include', 'includes', 'included', 'including', 'among']);

export interface SentenceCues {
  singularPronoun: Set<number>;
  pluralPronoun: Set<number>;
  /** Token indices of reaction verbs, and of object pronouns that may point a reaction back at its subject. */
  reactions: number[];
  ownCase: number[];
  listMarkers: number[];
}

export function findCues(tokens: readonly Token[]): SentenceCues {
  const cues: SentenceCues = { singularPronoun: new Set(), pluralPronoun: new Set(), reactions: [], ownCase: [], listMarkers: [] };
  tokens.forEach((t, i) => {
    if (SINGULAR_PRONOUNS.has(t.norm)) cues.singularPronoun.add(t.sentence);
    if (PLURAL_PRONOUNS.has(t.norm)) cues.pluralPronoun.add(t.sentence);
    if (OWN_CASE.has(t.norm)) cues.ownCase.push(i);
    if (LIST_MARKERS.has(t.norm)) cues.listMarkers.push(i);
    if (REACTIONS.has(t.norm)) cues.reactions.push(i);
  });
  return cues;
}
