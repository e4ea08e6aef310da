import type { ArticleField } from '../articles/article';
import type { Severity } from '../config/watchlist-schema';

/** One piece of evidence: where in the article a watchlist entry was found. */
export interface Match {
  entry: string;
  kind: 'person' | 'signal' | 'context';
  /** The text as it stands in the article. */
  surface: string;
  field: ArticleField;
  /** Character offsets into that field's text (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
  sentence: string;
  /** Offsets of `sentence` in the field's text. */
  sentenceStart: number;
  /** How the entry matched: exact alias, short form after a full mention, one-typo fuzzy, word stem … */
  how: 'exact' | 'short-form' | 'fuzzy' | 'stem' | 'phrase' | 'near';
}

/** A highlighted span inside an evidence snippet, relative to the snippet. */
export interface Highlight {
  start: number;
  end: number;
  kind: Match['kind'];
}

export interface Evidence {
  field: ArticleField;
  text: string;
  highlights: Highlight[];
}

/** What the matching stage hands to delivery: which rule fired, for whom, and why. */
export interface Alert {
  /** Derived from the article's canonical id, the rule and the entries: the same news is the same alert. */
  id: string;
  articleId: string;
  rule: string;
  severity: Exclude<Severity, 'none'>;
  /** Watchlist ids involved: the person (when any) first, then signals, then contexts. */
  entries: string[];
  personId?: string;
  signalIds: string[];
  contextIds: string[];
  /** The sentence (or window) that made the rule fire. */
  snippet: string;
  evidence: Evidence[];
  routes: string[];
}
