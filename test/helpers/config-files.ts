import { renameSync, writeFileSync } from 'node:fs';

/** A small watchlist file written for the tests: the people given, and one rule that alerts on any of them. */
export function watchlistYaml(people: Array<{ id: string; name: string }>): string {
  const entries = people.map((p) => `  - { id: ${p.id}, name: ${p.name} }`).join('\n');
  return `version: 1\npeople:\n${entries}\nrules:\n  - { id: mentioned, when: { person: any }, severity: low }\n`;
}

/** A feeds file of local sources (ids and URLs), each polled every `interval`. */
export function feedsYaml(sources: Array<{ id: string; url: string }>, interval = '1h'): string {
  const entries = sources.map((s) => `  - { id: ${s.id}, url: '${s.url}', interval: ${interval}, allowPrivateNetwork: true, fullText: false }`).join('\n');
  return `version: 1\nsources:\n${entries}\n`;
}

/** Writes through a new file renamed over the old, as many editors save. */
export function saveByRename(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
