import { z } from 'zod';
import { feedsSchema } from './feeds-schema';
import { watchlistSchema } from './watchlist-schema';

/**
 * JSON Schemas for editors, generated from the schemas the code validates with. `io: 'input'` describes
 * what an operator writes (fields with defaults are optional), not the parsed result.
 */
export function jsonSchemas(): Record<'watchlist.schema.json' | 'feeds.schema.json', string> {
  const render = (schema: z.ZodType, title: string): string =>
    JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2) + '\n';
  return {
    'watchlist.schema.json': render(watchlistSchema, 'exilewatch watchlist'),
    'feeds.schema.json': render(feedsSchema, 'exilewatch feeds'),
  };
}
