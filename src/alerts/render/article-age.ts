/*
 * How old the news is when the message is rendered. Staff read "published 3 days ago" faster than a
 * date in another time zone, and an old story that a feed has only now carried (a republished piece, a
 * site that re-dates its archive) should not be taken for something that is happening now.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds from publication to `now`; undefined when the feed gave no usable date. */
export function articleAgeMs(publishedAt: string | undefined, now: number): number | undefined {
  if (!publishedAt) return undefined;
  const published = Date.parse(publishedAt);
  return Number.isNaN(published) ? undefined : now - published;
}

export function isOldStory(ageMs: number | undefined, oldStoryAfterMs: number): boolean {
  return ageMs !== undefined && ageMs > oldStoryAfterMs;
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "just now", "5 minutes ago", "3 days ago", "5 weeks ago", "4 months ago", "2 years ago": whole units,
 * rounded down, so an age is never made to look more recent than it is. A date ahead of `now` (a
 * feed's clock or time zone is wrong) is said as such rather than hidden.
 */
export function formatAge(ageMs: number): string {
  if (ageMs < -MINUTE) return `dated ${span(-ageMs)} ahead`;
  if (ageMs < MINUTE) return 'just now';
  return `${span(ageMs)} ago`;
}

function span(ms: number): string {
  if (ms < HOUR) return count(Math.floor(ms / MINUTE), 'minute');
  if (ms < DAY) return count(Math.floor(ms / HOUR), 'hour');
  if (ms < 14 * DAY) return count(Math.floor(ms / DAY), 'day');
  if (ms < 9 * 7 * DAY) return count(Math.floor(ms / (7 * DAY)), 'week');
  if (ms < 365 * DAY) return count(Math.floor(ms / (30 * DAY)), 'month');
  return count(Math.floor(ms / (365 * DAY)), 'year');
}
