import { z } from 'zod';
import { DURATION } from './duration';
import { CONTEXT_KINDS, contextKindIn, SEVERITIES } from './severity';

export { CONTEXT_KINDS, contextKindIn, SEVERITIES, severityRank, type Severity } from './severity';

/**
 * The watchlist as operators write it. This one schema validates config/watchlist.yaml at start-up and
 * generates config/watchlist.schema.json for editors, so the two cannot drift apart.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and hyphens (for example mu-sochua)')
  .describe('Stable identifier, used in alerts, rules and routes.');
const text = z.string().trim().min(1, 'must not be empty');
const texts = z.array(text);

const duration = z.string().regex(DURATION, 'write a duration such as 12h or 2d');

export const severity = z.enum(SEVERITIES).describe('critical, high, medium or low; none records the match but sends nothing.');

/** An alias with its own safeguard: a risky spelling that counts only beside words that confirm it. */
const guardedAlias = z
  .object({
    name: text,
    context: texts.default([]).describe("Words, one of which must be in the article for this spelling to count (the person's context words when empty)."),
  })
  .strict();

// Limits that keep the "What to do" box short enough to read on a phone before the evidence.
const ACTIONS_MAX = 10;
const actionText = (max: number, example: string) =>
  z
    .string({ error: `write text here (${example})` })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `keep it under ${max} characters`);

/** Something staff can do when an alert arrives, shown near the top of it. Config text, never a ${VAR}. */
export const action = z
  .object(
    {
      do: actionText(200, 'do: Call the caseworker on duty').describe('What to do, in a few words ("Call the caseworker on duty").'),
      contact: actionText(200, 'contact: +44 20 7946 0000')
        .optional()
        .describe('Who or how: a phone number, an email address, a name. In emails a phone number or an address is a link.'),
      note: actionText(500, 'note: Ask for the duty lawyer').optional().describe('A line of detail: hours, what to say, what not to do.'),
    },
    { error: 'write an action as { do: …, contact: …, note: … }' },
  )
  .strict();

const actions = z.array(action).max(ACTIONS_MAX, `list at most ${ACTIONS_MAX} actions`);

// Namesakes announce themselves next to the name: "X, the actor", "footballer X", "the X hotel".
export const NAMESAKE_WORDS = [
  'actor',
  'actress',
  'singer',
  'footballer',
  'striker',
  'goalkeeper',
  'rapper',
  'musician',
  'comedian',
  'chef',
  'hotel',
  'restaurant',
  'namesake',
];

export const person = z
  .object({
    id,
    name: text.describe('Display name, as alerts show it. Also matched.'),
    aliases: z
      .array(z.union([text, guardedAlias]))
      .default([])
      .describe('Other spellings, name orders and scripts. Matched as whole names. Write { name, context } for a spelling that needs a confirming word.'),
    shortForms: texts
      .default([])
      .describe(
        'Names used after a first mention ("Sochua"). Matched only where a full name of the person appears in the same article. One that is no part of the name (a nickname or pen name) counts on its own.',
      ),
    shortFormsWithContext: z
      .boolean()
      .default(false)
      .describe('A short form also counts without the full name where one of the context words appears in the article.'),
    context: texts.default([]).describe('Words that confirm identity (party, city, case). Evidence of identity, shown in alerts.'),
    requireContext: z.boolean().default(false).describe('Only count a name match when one of the context words appears in the same article.'),
    exclude: texts.default([]).describe('Phrases that contain the name but mean something else ("Sam Rainsy Party"). A name inside one is ignored.'),
    namesake: texts
      .default([])
      .describe('Words that, right beside the name, mark someone else of the same name ("actor", "footballer"); added to settings.namesakeWords.'),
    caseCode: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .optional()
      .describe('Code used instead of the name on routes that redact names. Derived from the id when absent.'),
    tags: z.array(id).default([]),
    routes: z.array(id).default([]).describe('Routes that receive every alert about this person.'),
    actions: actions.optional().describe("What staff should do on an alert about this person. Replaces the actions of the person's tags; [] for none at all."),
  })
  .strict()
  .transform(({ aliases, ...p }) => ({
    ...p,
    aliases: aliases.map((a) => (typeof a === 'string' ? a : a.name)),
    /** Aliases written { name, context }: they count only beside one of their words. */
    guardedAliases: aliases.filter((a): a is { name: string; context: string[] } => typeof a !== 'string'),
  }));

/** One place in a near clause: a word, or a list of words any of which will do. */
const nearWord = z
  .union([text, z.array(text).min(1, 'list at least one word')])
  .refine((w) => [w].flat().every((x) => !x.startsWith('<') || (CONTEXT_KINDS as readonly string[]).includes(contextKindIn(x) ?? '')), {
    message: 'write <country>, <organisation>, <place> or <topic> for any context of that kind',
  });

export const nearClause = z
  .object({
    words: z
      .array(nearWord)
      .min(2, 'list at least two words')
      .describe(
        'Each word matched by stem, in any order, in one sentence. A list ([sent, send]) takes any of its words; =word matches only as written; <country> takes any country context.',
      ),
    within: z.number().int().min(1).max(50).describe('Largest distance, in words, between the first and the last.'),
  })
  .strict();

export const signal = z
  .object({
    id,
    label: text.optional().describe('How alerts name this signal ("passport revoked"). Defaults to the id.'),
    status: z
      .boolean()
      .default(false)
      .describe('A situation ("refugee", "asylum seeker"), not an event: matched and shown, but signal: any does not take it; a rule must name it.'),
    words: texts
      .default([])
      .describe('Single words, matched by stem: extradite matches extradited and extradition. A word of a script written without spaces is one word.'),
    phrases: texts
      .default([])
      .describe('Word sequences, each word matched by stem ("sent back", "denied entry"); a * is any one word or none ("overstaying * visa").'),
    near: z.array(nearClause).default([]).describe('Words that must appear close together, in either order.'),
    patterns: texts.default([]).describe('Regular expressions (JavaScript syntax, matched case-insensitively), for what words cannot say.'),
    exclude: texts.default([]).describe('Phrases in which a match does not count ("cardiac arrest").'),
    tags: z.array(id).default([]),
  })
  .strict();

export const contextEntry = z
  .object({
    id,
    label: text.optional(),
    kind: z.enum(CONTEXT_KINDS).default('topic'),
    words: texts.default([]).describe('Matched as written (case and accents folded), not by stem.'),
    tags: z.array(id).default([]),
  })
  .strict();

/** Defaults for the people who carry a tag. */
export const tagEntry = z
  .object({
    id,
    actions: actions
      .min(1, 'list at least one action, or remove this tag entry')
      .describe('What staff should do on an alert about a person with this tag who lists no actions of their own.'),
  })
  .strict();

const selector = z
  .union([z.literal('any'), z.literal('none'), z.array(z.string().regex(/^(tag:)?[a-z0-9][a-z0-9-]*$/, 'write an id, or tag:NAME')).min(1)])
  .describe('any, none, or a list of ids (or tags written tag:NAME).');

export const rule = z
  .object({
    id,
    description: z.string().optional(),
    when: z
      .object({
        person: selector.optional(),
        signal: selector.optional(),
        context: selector.optional(),
        within: z
          .union([z.literal('sentence'), z.literal('article'), z.number().int().min(1).max(500)])
          .default('sentence')
          .describe('How close the person, signal and context must be: the same sentence, the same article, or N words.'),
      })
      .strict(),
    severity,
    routes: z.array(id).default([]),
  })
  .strict();

const routeBase = {
  id,
  minSeverity: severity.default('low').describe('Alerts below this severity are not sent on this route.'),
  mode: z.enum(['immediate', 'digest']).default('immediate'),
  digest: z
    .object({
      every: z.enum(['hourly', 'daily']).default('daily'),
      at: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write the time as HH:MM')
        .default('08:00'),
    })
    .strict()
    .optional(),
  timeZone: z.string().default('UTC').describe('IANA time zone for times shown in messages and digest hours.'),
  redact: z.boolean().default(false).describe('Send a case code, the signal, the country and the link instead of the name and the evidence.'),
  optional: z.boolean().default(false).describe('When a ${VAR} this route needs is unset, disable the route with a warning instead of failing.'),
  rateLimitPerMinute: z.number().int().min(1).max(6000).optional(),
  showTuningHelp: z
    .boolean()
    .default(false)
    .describe('Show under each alert which entries made the rule fire and what to edit in the watchlist to change it. For operators.'),
};

export const route = z.discriminatedUnion('kind', [
  z.object({ ...routeBase, kind: z.literal('email'), to: z.array(z.email()).min(1) }).strict(),
  z.object({ ...routeBase, kind: z.literal('slack'), webhookUrl: z.url({ protocol: /^https?$/ }) }).strict(),
  z
    .object({
      ...routeBase,
      kind: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/ }),
      secret: z.string().min(16, 'use a secret of at least 16 characters'),
    })
    .strict(),
]);

export const DEFAULT_OLD_STORY_AFTER = '7d';

export const settings = z
  .object({
    fuzzy: z
      .object({
        enabled: z.boolean().default(true),
        minLength: z.number().int().min(4).max(20).default(5).describe('Shortest name word that may match with one typo.'),
      })
      .strict()
      .default({ enabled: true, minLength: 5 }),
    logNames: z.boolean().default(false).describe('Write watched names into logs. Off: logs are often shipped to third parties.'),
    namesakeWords: texts.default(NAMESAKE_WORDS).describe('Words that, right beside a watched name ("X, the actor"), mark someone else of the same name.'),
    suppressionWindow: duration
      .default('24h')
      .describe('The same person and signal reported again within this time is folded into the first alert, or sent as a follow-up.'),
    oldStoryAfter: duration
      .default(DEFAULT_OLD_STORY_AFTER)
      .describe('An alert on an article published longer ago than this, when the alert is sent, is marked as an old story.'),
  })
  .strict()
  .default({
    fuzzy: { enabled: true, minLength: 5 },
    logNames: false,
    namesakeWords: NAMESAKE_WORDS,
    suppressionWindow: '24h',
    oldStoryAfter: DEFAULT_OLD_STORY_AFTER,
  });

export const watchlistSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    settings,
    people: z.array(person).default([]),
    tags: z.array(tagEntry).default([]).describe('Actions for every person who carries a tag, unless the person lists their own.'),
    signals: z.array(signal).default([]),
    contexts: z.array(contextEntry).default([]),
    rules: z.array(rule).min(1, 'at least one rule is needed, or nothing ever alerts'),
    routes: z.array(route).default([]),
  })
  .strict();

export type Watchlist = z.infer<typeof watchlistSchema>;
export type Person = z.infer<typeof person>;
export type Signal = z.infer<typeof signal>;
export type ContextEntry = z.infer<typeof contextEntry>;
export type Rule = z.infer<typeof rule>;
export type Route = z.infer<typeof route>;
export type Action = z.infer<typeof action>;
export type TagEntry = z.infer<typeof tagEntry>;
