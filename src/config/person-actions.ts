import type { Action, Person, TagEntry } from './watchlist-schema';

/**
 * What staff should do on an alert about a person. A person's own `actions` replace those of their
 * tags rather than adding to them: the tags give a team's default ("call the duty desk"), and a person
 * whose case needs something else should not also show the default beside it. A person who lists
 * none gets the actions of each of their tags, in the order the tags are written, each action once;
 * `actions: []` means none at all, whatever the tags say.
 */
export function actionsFor(person: Pick<Person, 'actions' | 'tags'>, tags: readonly TagEntry[]): Action[] {
  if (person.actions !== undefined) return person.actions;
  const out: Action[] = [];
  const seen = new Set<string>();
  for (const tag of person.tags) {
    for (const action of tags.find((t) => t.id === tag)?.actions ?? []) {
      const key = JSON.stringify([action.do, action.contact ?? '', action.note ?? '']);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(action);
    }
  }
  return out;
}
