/** An article as the pipeline knows it, whatever feed or page it came from. */
export interface Article {
  /** Canonical identity: stable across feeds, tracking parameters and re-fetches. */
  id: string;
  sourceId: string;
  url: string;
  title: string;
  /** Feed summary or description, as plain text. */
  summary: string;
  /** Full text when fetched or carried by the feed, as plain text. */
  content: string;
  /** ISO 8601, when the feed says. */
  publishedAt?: string;
  author?: string;
  language?: string;
}

/** The parts of an article that matching reads, in the order they are searched. */
export const ARTICLE_FIELDS = ['title', 'summary', 'content'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];
