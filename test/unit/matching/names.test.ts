import { compiled, matchText } from '../../helpers/watchlist';

const people = compiled({
  people: [
    { id: 'kem-sokha', name: 'Kem Sokha', aliases: ['Sokha Kem', 'កឹម សុខា'], shortForms: ['Sokha'], context: ['CNRP'] },
    { id: 'sam-sokha', name: 'Sam Sokha', shortForms: ['Sokha'] },
    { id: 'mu-sochua', name: 'Mu Sochua', aliases: ['មូរ សុខហួរ'], shortForms: ['Sochua'] },
    { id: 'sam-rainsy', name: 'Sam Rainsy', aliases: ['សម រង្ស៊ី'], shortForms: ['Rainsy'], exclude: ['Sam Rainsy Party'] },
    { id: 'nguyen-quynh', name: 'Nguyễn Quỳnh' },
    { id: 'khangoshvili', name: 'Zelimkhan Khangoshvili', aliases: ['Зелимхан Хангошвили'] },
    { id: 'gui-minhai', name: 'Gui Minhai', aliases: ['桂民海'] },
    { id: 'idris-hasan', name: 'Idris Hasan' },
  ],
});

const people_in = (text: string): string[] => [
  ...new Set(
    matchText(people, text)
      .matches.filter((m) => m.kind === 'person')
      .map((m) => m.entry),
  ),
];

describe('name matching', () => {
  test.each([
    ['full name', 'Police arrested Kem Sokha at home.', ['kem-sokha']],
    ['reversed order alias', 'Officials named Sokha Kem in the warrant.', ['kem-sokha']],
    ['possessive with a straight apostrophe', "Kem Sokha's lawyer spoke.", ['kem-sokha']],
    ['possessive with a curly apostrophe', 'Mu Sochua’s flight landed.', ['mu-sochua']],
    ['all capitals', 'STATEMENT ON MU SOCHUA', ['mu-sochua']],
    ['split over a line break', 'the arrest of Mu\nSochua was', ['mu-sochua']],
    ['non-breaking space inside the name', 'Mu\u00a0Sochua arrived', ['mu-sochua']],
    ['hyphenated compound', 'a Sochua-led delegation met Mu Sochua-led staff', ['mu-sochua']],
    ['diacritics folded', 'Nguyen Quynh was questioned', ['nguyen-quynh']],
    ['diacritics kept', 'Nguyễn Quỳnh was questioned', ['nguyen-quynh']],
    ['Khmer script inside Khmer text', 'លោកកឹម សុខា ត្រូវបានចាប់ខ្លួន', ['kem-sokha']],
    ['Khmer script with the honorific attached', 'លោកសម រង្ស៊ី បានថ្លែង', ['sam-rainsy']],
    ['Khmer script without the space', 'មូរសុខហួរ', ['mu-sochua']],
    ['zero-width space between Khmer words', 'លោក\u200bសម\u200bរង្ស៊ី', ['sam-rainsy']],
    ['one typo in a long name word', 'the trial of Kem Sohka, the CNRP leader', ['kem-sokha']],
    ['a Cyrillic name in another case', 'суд по делу об убийстве Зелимхана Хангошвили', ['khangoshvili']],
    ['a Chinese name the segmenter cuts apart', '瑞典籍股東桂民海前晚現身', ['gui-minhai']],
    ['a French elision glued to the name', "la famille d'Idris Hasan a été convoquée", ['idris-hasan']],
    ['a Khmer title glued to the name', 'លោកស្រីមូរ សុខហួរ', ['mu-sochua']],
  ])('%s', (_label, text, expected) => {
    expect(people_in(text)).toEqual(expected);
  });

  test.each([
    ['a given name alone', 'Sam went to the market.'],
    ['a family name alone', 'The Sokha Beach Resort reopened.'],
    ['a different person with the same family name', 'Kem Ley was killed in 2016.'],
    ['the two words in different sentences', 'The guide was Sam. Sokha hotels filled up.'],
    ['the two words across a comma', 'Sam, Sokha and Dara went home.'],
    ['an exclusion phrase', 'The Sam Rainsy Party merged in 2012.'],
    ['a typo without a confirming context word', 'the trial of Kem Sohka was adjourned'],
    ['lower-case near miss', 'the kem sohka cafe'],
    ['a Khmer name inside a longer word', 'សមរង្ស៊ីស'],
    ['a Cyrillic word that only starts like the name', 'Зелимханов Хангошвилиев'],
  ])('does not match %s', (_label, text) => {
    expect(people_in(text)).toEqual([]);
  });

  test('a short form counts after the full name, for the one person it can mean', () => {
    expect(matchText(people, 'Mu Sochua flew in. Sochua was held.').matches.filter((m) => m.how === 'short-form')).toHaveLength(1);
    expect(people_in('Sochua was held.')).toEqual([]);
  });

  test('an alias written with its own context words counts only beside one of them', () => {
    const guarded = compiled({
      people: [{ id: 'roman', name: 'Raman Pratasevich', aliases: ['Roman Protasevich', { name: 'Roma Protas', context: ['Ryanair', 'blogger'] }] }],
    });
    const found = (text: string): string[] =>
      matchText(guarded, text)
        .matches.filter((m) => m.kind === 'person')
        .map((m) => m.surface);
    expect(found('Roma Protas was taken off the Ryanair flight.')).toEqual(['Roma Protas']);
    expect(found('Roma Protas won the chess tournament.')).toEqual([]);
    expect(found('Roman Protasevich won the chess tournament.')).toEqual(['Roman Protasevich']);
  });

  test('a namesake word beside the name marks someone else', () => {
    const namesakes = compiled({ people: [{ id: 'roman', name: 'Roman Protasevich', namesake: ['chess player'] }] });
    const found = (text: string): number => matchText(namesakes, text).matches.filter((m) => m.kind === 'person').length;
    expect(found('Roman Protasevich, the actor, opened the festival.')).toBe(0);
    expect(found('The footballer Roman Protasevich scored twice.')).toBe(0);
    expect(found('Roman Protasevich, a chess player from Minsk, won.')).toBe(0);
    expect(found('Roman Protasevich, the blogger, was detained.')).toBe(1);
  });

  test('a title with a word of a name named in full is that person', () => {
    const titled = matchText(people, 'Nguyễn Quỳnh arrived on Monday. Ms Quỳnh was held overnight.').matches.filter((m) => m.how === 'short-form');
    expect(titled.map((m) => [m.entry, m.surface])).toEqual([['nguyen-quynh', 'Quỳnh']]);
    expect(people_in('Ms Quỳnh was held overnight.')).toEqual([]);
  });

  test("a short form inside someone else's full name in the article is dropped", () => {
    const kin = compiled({ people: [{ id: 'jamal', name: 'Jamal Khashoggi', shortForms: ['Khashoggi'] }] });
    const shorts = (text: string): number => matchText(kin, text).matches.filter((m) => m.how === 'short-form').length;
    expect(shorts('Jamal Khashoggi wrote columns. Later Khashoggi was killed.')).toBe(1);
    expect(shorts('Jamal Khashoggi was his nephew. The tycoon Adnan Khashoggi owed money. Creditors hounded Khashoggi.')).toBe(0);
    expect(shorts('Jamal Khashoggi wrote columns. Mr Khashoggi was killed.')).toBe(1);
  });

  test('an ambiguous short form is dropped', () => {
    const found = matchText(people, 'Kem Sokha and Sam Sokha were named. Sokha was held.').matches;
    expect(found.filter((m) => m.how === 'short-form')).toEqual([]);
  });

  test('offsets point into the original text', () => {
    const text = 'On Monday, Mu\u00a0Sochua’s car was stopped.';
    const m = matchText(people, text).matches.find((x) => x.entry === 'mu-sochua')!;
    expect(text.slice(m.start, m.end)).toBe('Mu\u00a0Sochua’s');
    expect(m.surface).toBe('Mu\u00a0Sochua’s');
    expect(m.sentence).toBe(text);
  });
});
