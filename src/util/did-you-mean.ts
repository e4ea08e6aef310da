import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance';

/** The candidate one or two edits away (a typo, two letters swapped), for a did-you-mean. */
export function closestId(id: string, ids: Iterable<string>): string | undefined {
  let best: { id: string; d: number } | undefined;
  for (const candidate of ids) {
    const d = DamerauLevenshteinDistance(id, candidate);
    if (d <= 2 && (!best || d < best.d)) best = { id: candidate, d };
  }
  return best?.id;
}

/** " (did you mean X?)", or nothing. */
export function didYouMean(id: string, ids: Iterable<string>): string {
  const near = closestId(id, ids);
  return near ? ` (did you mean ${near}?)` : '';
}
