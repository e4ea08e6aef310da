import { z } from 'zod';
import { DURATION } from './duration';

export { parseDuration } from './duration';

/** config/feeds.yaml: the sources to poll. Validated with the watchlist by `exilewatch validate`. */

const duration = z.string().regex(DURATION, 'write a duration such as 90s, 15m, 6h or 7d').describe('A duration: a number and s, m, h or d.');

export const source = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and hyphens'),
    url: z.url({ protocol: /^https?$/ }),
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(80, 'keep a source name under 80 characters')
      .optional()
      .describe('How alerts name this source ("VOD English"). Alerts show the id when it is absent.'),
    kind: z
      .enum(['auto', 'rss', 'atom', 'rdf', 'json', 'listing'])
      .default('auto')
      .describe('auto detects RSS, RDF, Atom and JSON Feed, and follows an HTML page to the feed it advertises.'),
    interval: duration.optional().describe('How often to poll. Defaults to defaults.interval.'),
    fullText: z
      .boolean()
      .optional()
      .describe('true: always fetch each article page and extract its main text; false: never; unset: only for items that carry a short summary.'),
    language: z.string().min(2).max(12).optional(),
    tags: z.array(z.string()).default([]),
    allowPrivateNetwork: z
      .union([z.boolean(), z.array(z.string().regex(/^[A-Za-z0-9.\-[\]:]+$/, 'write host or host:port, as in a URL'))])
      .default(false)
      .describe(
        "true: the feed's own host may be on a loopback or private address (local or test feeds); a list of host:port adds more hosts. Item links elsewhere stay public-only; cloud metadata addresses never.",
      ),
    listing: z
      .object({ linkSelector: z.string().min(1).describe('CSS selector of the article links on the page.') })
      .strict()
      .optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.kind !== 'listing' || s.listing !== undefined, {
    message: 'a listing source needs listing.linkSelector',
    path: ['listing'],
  });

export const feedsSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    defaults: z
      .object({
        interval: duration.default('30m'),
        firstPollMaxAge: duration.default('7d').describe('On a first poll, older items are marked seen without alerting.'),
        healthAlertAfter: z.number().int().min(1).default(5).describe('Consecutive failures before operators are told.'),
        healthRoute: z.string().optional().describe('Route (from the watchlist) that receives source-health alerts.'),
        silentAfter: duration.default('4d').describe('A source that usually publishes daily and has been silent this long is reported.'),
      })
      .strict()
      .default({ interval: '30m', firstPollMaxAge: '7d', healthAlertAfter: 5, silentAfter: '4d' }),
    sources: z.array(source).default([]),
  })
  .strict();

export type FeedsConfig = z.infer<typeof feedsSchema>;
export type SourceConfig = z.infer<typeof source>;

/** The hosts (host:port, as URLs write them) a source may reach on a private address. */
export function privateHostsOf(source: Pick<SourceConfig, 'url' | 'allowPrivateNetwork'>): string[] {
  if (source.allowPrivateNetwork === false) return [];
  const own = new URL(source.url).host;
  return source.allowPrivateNetwork === true ? [own] : [own, ...source.allowPrivateNetwork];
}
