import { gainedIds, hasGains, watchlistGained } from '../../../src/config/watchlist-gained';
import { watchlist } from '../../helpers/watchlist';

const base = {
  people: [{ id: 'lin-dara', name: 'Lin Dara', aliases: ['Dara Lin'], shortForms: ['Dara'] }],
  signals: [{ id: 'arrest', words: ['arrest', 'detain'], phrases: ['taken into custody'] }],
};

const withPeople = (people: unknown[]) => watchlist({ ...base, people });
const withSignals = (signals: unknown[]) => watchlist({ ...base, signals });

const person = base.people[0]!;
const signal = base.signals[0]!;

test.each([
  ['nothing changed', watchlist(base), { people: [], aliases: [], signals: [], signalTerms: [] }],
  ['a new person', withPeople([person, { id: 'sok-vanna', name: 'Sok Vanna' }]), { people: ['sok-vanna'], aliases: [], signals: [], signalTerms: [] }],
  [
    'a new alias for someone watched',
    withPeople([{ ...person, aliases: ['Dara Lin', 'Lín Dára'] }]),
    { people: [], aliases: [{ personId: 'lin-dara', added: ['Lín Dára'] }], signals: [], signalTerms: [] },
  ],
  [
    'a guarded alias and a short form',
    withPeople([{ ...person, aliases: ['Dara Lin', { name: 'L. Dara', context: ['union'] }], shortForms: ['Dara', 'Lin'] }]),
    { people: [], aliases: [{ personId: 'lin-dara', added: ['L. Dara', 'Lin'] }], signals: [], signalTerms: [] },
  ],
  [
    'a renamed person: the new name is a new spelling',
    withPeople([{ ...person, name: 'Lin Darah' }]),
    { people: [], aliases: [{ personId: 'lin-dara', added: ['Lin Darah'] }], signals: [], signalTerms: [] },
  ],
  ['an alias only re-cased or re-spaced', withPeople([{ ...person, aliases: ['dara  LIN'] }]), { people: [], aliases: [], signals: [], signalTerms: [] }],
  ['a person removed', withPeople([]), { people: [], aliases: [], signals: [], signalTerms: [] }],
  ['an alias removed', withPeople([{ ...person, aliases: [] }]), { people: [], aliases: [], signals: [], signalTerms: [] }],
  ['a new signal', withSignals([signal, { id: 'exile', words: ['exile'] }]), { people: [], aliases: [], signals: ['exile'], signalTerms: [] }],
  [
    'new words, a pattern and a near clause for a signal',
    withSignals([
      { ...signal, words: ['arrest', 'detain', 'abduct'], patterns: ['\\bheld incommunicado\\b'], near: [{ words: ['held', 'police'], within: 4 }] },
    ]),
    {
      people: [],
      aliases: [],
      signals: [],
      signalTerms: [{ signalId: 'arrest', added: ['abduct', '\\bheld incommunicado\\b', 'near ["held","police"] within 4'] }],
    },
  ],
  [
    'a near clause added to a signal',
    watchlist({ ...base, signals: [{ ...signal, near: [{ words: ['held', 'police'], within: 4 }] }] }),
    { people: [], aliases: [], signals: [], signalTerms: [{ signalId: 'arrest', added: ['near ["held","police"] within 4'] }] },
  ],
  [
    'a signal that only gained an exclusion',
    withSignals([{ ...signal, exclude: ['cardiac arrest'] }]),
    { people: [], aliases: [], signals: [], signalTerms: [] },
  ],
])('%s', (_what, next, expected) => {
  const gain = watchlistGained(watchlist(base), next);
  expect(gain).toEqual(expected);
  expect(hasGains(gain)).toBe(expected.people.length + expected.aliases.length + expected.signals.length + expected.signalTerms.length > 0);
});

test('the ids a gain touches: new people and people with new spellings; new signals and signals with new terms', () => {
  const next = watchlist({
    people: [
      { ...person, aliases: ['Dara Lin', 'Lin Da Ra'] },
      { id: 'sok-vanna', name: 'Sok Vanna' },
    ],
    signals: [
      { ...signal, words: ['arrest', 'detain', 'seize'] },
      { id: 'exile', words: ['exile'] },
    ],
  });
  const ids = gainedIds(watchlistGained(watchlist(base), next));
  expect([...ids.people].sort()).toEqual(['lin-dara', 'sok-vanna']);
  expect([...ids.signals].sort()).toEqual(['arrest', 'exile']);
});
