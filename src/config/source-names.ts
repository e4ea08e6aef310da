import type { FeedsConfig } from './feeds-schema';

/**
 * The `name` of each source that has one, by id, for alerts to show. A poll reads the feed's own title
 * but nothing keeps it, so a source without a name is shown by its id.
 */
export function sourceNames(feeds: Pick<FeedsConfig, 'sources'>): ReadonlyMap<string, string> {
  return new Map(feeds.sources.flatMap((s) => (s.name ? [[s.id, s.name] as const] : [])));
}
