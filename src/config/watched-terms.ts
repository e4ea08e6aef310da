import { YamlFile } from './yaml-file';

type Loose = Record<string, unknown>;
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? (v as unknown[]) : []).map((x) => (x && typeof x === 'object' ? (x as Loose).name : x)).filter((x): x is string => typeof x === 'string');

/**
 * Every text that names a watched person in a watchlist, read loosely so that it works on a file that
 * does not validate: ids, names, aliases, short forms and exclusions (which contain names). For
 * keeping them out of log lines.
 */
export function watchedTerms(data: unknown): string[] {
  const people = (data as { people?: unknown } | undefined)?.people;
  if (!Array.isArray(people)) return [];
  return people.flatMap((p: unknown) => {
    if (!p || typeof p !== 'object') return [];
    const e = p as Loose;
    return [...strings([e.id, e.name]), ...strings(e.aliases), ...strings(e.shortForms), ...strings(e.exclude)];
  });
}

/** The same, from the file as it is now on disk. */
export function watchedTermsIn(file: string): string[] {
  return watchedTerms(YamlFile.read(file).data);
}
