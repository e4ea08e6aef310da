/** Alert severities, most severe first. Kept apart from the schema so matching loads without it. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

export const CONTEXT_KINDS = ['country', 'organisation', 'place', 'topic'] as const;

/** "<country>" in a near clause stands for any context of that kind; returns the kind, if it is one. */
export function contextKindIn(word: string): string | undefined {
  return /^<([a-z]+)>$/.exec(word)?.[1];
}
