import { compiled, matchText } from '../../helpers/watchlist';

const c = compiled({
  signals: [
    { id: 'extradition', words: ['extradite', 'extradition'] },
    { id: 'arrest', words: ['arrest', 'detain', 'detention'], exclude: ['cardiac arrest'] },
    { id: 'passport-entry-denial', phrases: ['denied entry', 'barred from flying'] },
    { id: 'visa-overstay', near: [{ words: ['overstay', 'visa'], within: 5 }] },
    { id: 'case-number', patterns: ['\\bcase no\\. \\d+/\\d{4}\\b'] },
    { id: 'overstay', phrases: ['overstaying * visa', 'held * * questioning'] },
    {
      id: 'deportation',
      near: [
        { words: [['sent', 'send'], 'back', ['<country>', 'home']], within: 5 },
        { words: ['was', '=returned', '<country>'], within: 4 },
      ],
    },
  ],
  contexts: [{ id: 'thailand', kind: 'country', words: ['Thailand', 'Bangkok'] }],
});

const signalsIn = (text: string): string[] => [
  ...new Set(
    matchText(c, text)
      .matches.filter((m) => m.kind === 'signal')
      .map((m) => m.entry),
  ),
];

describe('signal matching', () => {
  test.each([
    ['a word by its stem', 'Thailand extradited him.', ['extradition']],
    ['a derived noun', 'The extradition hearing opened.', ['extradition']],
    ['inflected phrase words', 'She was denied entry at the border.', ['passport-entry-denial']],
    ['near words in order', 'arrested for overstaying his visa', ['arrest', 'overstay', 'visa-overstay']],
    ['a phrase with a * taking no word', 'overstaying visa rules', ['overstay', 'visa-overstay']],
    ['a phrase with two *', 'she was held overnight for questioning', ['overstay']],
    ['near words in the other order', 'his visa had expired and he overstayed', ['visa-overstay']],
    ['a pattern', 'See case no. 12/2019 for details.', ['case-number']],
    ['a near clause with a choice of words', 'Officers will send him back home.', ['deportation']],
    ['a near clause with any country', 'She was sent back to Thailand.', ['deportation']],
    ['a near-clause word as written', 'He was returned to Thailand.', ['deportation']],
  ])('finds %s', (_label, text, expected) => {
    expect(signalsIn(text)).toEqual(expected);
  });

  test.each([
    ['an exclusion phrase', 'He died of a cardiac arrest.'],
    ['near words too far apart', 'Overstay fines rose. Tourists flocked to the new beach resorts on the coast, and visa rules changed.'],
    ['a phrase broken by punctuation', 'They denied. Entry was free.'],
    ['a near clause missing one of its places', 'Guests were sent back to their rooms.'],
    ['a near clause across sentences', 'The team was sent back. Thailand won.'],
    ['another form of a word written =word', 'He was returning to Thailand.'],
    ['a * that would need two words', 'she was held by the immigration for questioning'],
  ])('ignores %s', (_label, text) => {
    expect(signalsIn(text)).toEqual([]);
  });

  test('contexts match as written, not by stem', () => {
    const kinds = matchText(c, 'Police in Bangkok acted.').matches.map((m) => [m.entry, m.kind]);
    expect(kinds).toEqual([['thailand', 'context']]);
  });
});
