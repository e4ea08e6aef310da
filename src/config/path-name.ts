import type { Path } from './yaml-file';

/**
 * A place in a config file as its author thinks of it: list entries by their id, not their position
 * (`people[vanna-sokun].aliases`, not `people.2.aliases`), so a message still reads right after entries
 * are added or moved. An entry without an id keeps its index (`aliases[0]`).
 */
export function pathName(data: unknown, path: Path): string {
  let out = '';
  let node: unknown = data;
  for (const part of path) {
    if (typeof part === 'number') {
      const item: unknown = Array.isArray(node) ? node[part] : undefined;
      const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
      out += `[${typeof id === 'string' && id !== '' ? id : part}]`;
      node = item;
    } else {
      out += (out === '' ? '' : '.') + part;
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
  }
  return out;
}
