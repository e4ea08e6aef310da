import type { Person, Signal, Watchlist } from './watchlist-schema';

/** What a new watchlist can find that the previous one could not: the entries a replay looks for. */
export interface WatchlistGain {
  /** Ids of people new to the watchlist. */
  people: string[];
  /** People already watched who gained spellings (name, aliases, short forms). */
  aliases: Array<{ personId: string; added: string[] }>;
  /** Ids of signals new to the watchlist. */
  signals: string[];
  /** Signals already there that gained words, phrases, near clauses or patterns. */
  signalTerms: Array<{ signalId: string; added: string[] }>;
}

/**
 * Which people, spellings and signals `next` has that `previous` had not. Removals and other edits
 * (rules, contexts, exclusions) are not gains: they cannot make yesterday's news newly alert-worthy
 * about someone, or they are not what a replay is for.
 */
export function watchlistGained(previous: Watchlist, next: Watchlist): WatchlistGain {
  const gain: WatchlistGain = { people: [], aliases: [], signals: [], signalTerms: [] };
  const oldPeople = new Map(previous.people.map((p) => [p.id, p]));
  for (const person of next.people) {
    const before = oldPeople.get(person.id);
    if (!before) {
      gain.people.push(person.id);
      continue;
    }
    const added = newItems(spellings(before), spellings(person));
    if (added.length > 0) gain.aliases.push({ personId: person.id, added });
  }
  const oldSignals = new Map(previous.signals.map((s) => [s.id, s]));
  for (const signal of next.signals) {
    const before = oldSignals.get(signal.id);
    if (!before) {
      gain.signals.push(signal.id);
      continue;
    }
    const added = newItems(terms(before), terms(signal));
    if (added.length > 0) gain.signalTerms.push({ signalId: signal.id, added });
  }
  return gain;
}

export function hasGains(gain: WatchlistGain): boolean {
  return gain.people.length + gain.aliases.length + gain.signals.length + gain.signalTerms.length > 0;
}

/** The person and signal ids a gain touches: an alert is new news only when it involves one of them. */
export function gainedIds(gain: WatchlistGain): { people: ReadonlySet<string>; signals: ReadonlySet<string> } {
  return {
    people: new Set([...gain.people, ...gain.aliases.map((a) => a.personId)]),
    signals: new Set([...gain.signals, ...gain.signalTerms.map((s) => s.signalId)]),
  };
}

function spellings(p: Person): string[] {
  return [p.name, ...p.aliases, ...p.shortForms];
}

function terms(s: Signal): string[] {
  return [...s.words, ...s.phrases, ...s.patterns, ...s.near.map((n) => `near ${JSON.stringify(n.words)} within ${n.within}`)];
}

// Compared as folded text: a spelling re-typed in another case is no new way to find anyone.
function newItems(before: readonly string[], after: readonly string[]): string[] {
  const fold = (t: string) => t.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();
  const known = new Set(before.map(fold));
  const added: string[] = [];
  for (const item of after) {
    const key = fold(item);
    if (known.has(key)) continue;
    known.add(key);
    added.push(item);
  }
  return added;
}
