import { matchArticle } from '../../../src/matching/match-article';
import { compiled } from '../../helpers/watchlist';

// Recaps, releases and visits: an event the article names that is not news about the person named.
const c = compiled({
  people: [
    { id: 'dara', name: 'Dara Vannak', shortForms: ['Vannak'] },
    { id: 'lina', name: 'Lina Chenda' },
  ],
  signals: [
    { id: 'detention', words: ['detain', 'jail', 'prison'] },
    { id: 'killing', words: ['assassinate', 'murder'] },
  ],
  rules: [
    { id: 'same-sentence', when: { person: 'any', signal: 'any', within: 'sentence' }, severity: 'high' },
    { id: 'nearby', when: { person: 'any', signal: 'any', within: 40 }, severity: 'medium' },
    { id: 'mentioned', when: { person: 'any' }, severity: 'low' },
  ],
  routes: [],
});

const ruleFor = (person: string, content: string, title = '', publishedAt?: string): string | undefined =>
  matchArticle({ id: 'a', title, summary: '', content, ...(publishedAt ? { publishedAt } : {}) }, c).alerts.find((a) => a.personId === person)?.rule;

describe('a sentence that opens on an earlier year is background', () => {
  test('a year before the latest one the article mentions', () => {
    const text = 'Dara Vannak founded the league in 2011. In May 2013, Vannak was assassinated in Vienna. The league met again in 2019.';
    expect(ruleFor('dara', text)).toBe('mentioned');
  });

  test('the latest year, in an article that dates its own news without one', () => {
    const text = 'The league said on October 4 that a member was detained. In March 2015, Dara Vannak was assassinated in Vienna.';
    expect(ruleFor('dara', text)).toBe('mentioned');
  });

  test('the latest year, when nothing says the news is later, is the present', () => {
    expect(ruleFor('dara', 'In March 2015, Dara Vannak was assassinated in Vienna.')).toBe('same-sentence');
  });

  test('the publication date, when known, is the present', () => {
    const text = 'In March 2015, Dara Vannak was assassinated in Vienna. Police said on Monday they had a suspect.';
    expect(ruleFor('dara', text, '', '2015-04-02T10:00:00Z')).toBe('same-sentence');
    expect(ruleFor('dara', text, '', '2021-04-02T10:00:00Z')).toBe('mentioned');
  });

  test('a year inside the sentence, or one that runs to the present, is no recap', () => {
    expect(ruleFor('dara', 'Dara Vannak, who fled in 2012, was detained on Monday. The league was founded in 2019.')).toBe('same-sentence');
    expect(ruleFor('dara', 'Since 2012, Dara Vannak has been in prison. The league was founded in 2019.')).toBe('same-sentence');
  });

  test('the sentences after a recap still count', () => {
    const text = 'In late 2013, Dara Vannak left for Vienna. On arrival he was detained. The league was founded in 2019.';
    expect(ruleFor('dara', text)).toBe('nearby');
  });
});

describe('a detention that ended', () => {
  test('"freed from" a jail names a release, not an arrest', () => {
    expect(ruleFor('dara', 'Dara Vannak, freed from a Thai jail last month, opened a school.')).toBe('mentioned');
    expect(ruleFor('dara', 'Dara Vannak was released from prison on Friday.')).toBe('mentioned');
  });

  test('a demand for a release says the person is held', () => {
    expect(ruleFor('dara', 'Friends want Dara Vannak to be released from prison.')).toBe('same-sentence');
    expect(ruleFor('dara', 'The campaign to have him released from prison grew, and Dara Vannak wrote to it.')).toBe('same-sentence');
  });

  test('an article that reports its headline subject freed recounts the detention as past', () => {
    const filler = 'The ceremony was held in a park, with music, speeches and a long queue of families in the sun. '.repeat(3);
    const freed = `Weeks after being freed from a Thai jail, the footballer signed for a club. ${filler}Bahrain had wanted him jailed again.`;
    expect(ruleFor('dara', freed, 'Dara Vannak becomes a citizen')).toBe('mentioned');
    const held = `Weeks after the final, the footballer signed for a club. ${filler}Bahrain had wanted him jailed again.`;
    expect(ruleFor('dara', held, 'Dara Vannak becomes a citizen')).toBe('nearby');
  });
});

describe('a relative who visits', () => {
  test('is not the one held', () => {
    expect(ruleFor('lina', "Lina Chenda, Dara Vannak's wife, went to the jail to visit him on Monday.")).toBe('mentioned');
    expect(ruleFor('dara', "Lina Chenda, Dara Vannak's wife, went to the jail to visit him on Monday.")).toBe('same-sentence');
  });

  test('but one who is visited, or who is no relative, may be', () => {
    expect(ruleFor('lina', "Lina Chenda, Dara Vannak's wife, was visited in prison by a lawyer.")).toBe('same-sentence');
    expect(ruleFor('lina', 'Lina Chenda went to the jail to visit a client and was detained at the gate.')).toBe('same-sentence');
  });

  test('a possessive name in her apposition says whose relative she is: no list with her', () => {
    const text = "Dara Vannak is a poet. Six activists were detained on Monday. Lina Chenda, a teacher and Vannak's aunt, went to see him.";
    expect(ruleFor('lina', text)).toBe('mentioned');
  });
});
