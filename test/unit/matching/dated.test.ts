import { anchorYear, beforePresent, presentOf } from '../../../src/matching/dated';

describe('anchorYear', () => {
  test.each([
    ['In 2014, the court banned the group.', 2014],
    ['In March 2015, he was shot.', 2015],
    ['In late December 2021, a fighter was deported.', 2021],
    ['On 9 June 2007, the minister called elections.', 2007],
    ['Back in 2012 she fled.', 2012],
    ['En mars 2015, il a été arrêté.', 2015],
    ['В 2015 году он был задержан.', 2015],
    ['2015年3月，他被拘留。', 2015],
  ])('%s opens on %i', (sentence, year) => {
    expect(anchorYear(sentence)).toBe(year);
  });

  test.each([
    'Since 2018, activists have pressed for the change.',
    'He was detained in 2015 in Istanbul.',
    'On Monday, police detained him.',
    '2015 people marched on Sunday.',
    'In 2014-2016 the party was banned.',
  ])('%s does not', (sentence) => {
    expect(anchorYear(sentence)).toBeUndefined();
  });
});

describe('presentOf and beforePresent', () => {
  test('the publication year wins over the text', () => {
    const present = presentOf(['Founded in 2030.'], '2020-05-01T00:00:00Z');
    expect(present).toEqual({ year: 2020, yearless: false });
    expect(beforePresent(2019, present)).toBe(true);
    expect(beforePresent(2020, present)).toBe(false);
  });

  test('without one, the latest year the text mentions', () => {
    const present = presentOf(['Founded in 2012.', 'Banned in 2014.'], undefined);
    expect(present).toEqual({ year: 2014, yearless: false });
    expect(beforePresent(2012, present)).toBe(true);
    expect(beforePresent(2014, present)).toBe(false);
  });

  test('a text that dates its news without a year puts even its latest year in the past', () => {
    for (const news of ['He was detained on September 2.', 'He was detained on 2 September.', 'In June, he was detained.']) {
      const present = presentOf(['Banned in 2014.', news], undefined);
      expect(present).toEqual({ year: 2014, yearless: true });
      expect(beforePresent(2014, present)).toBe(true);
    }
    expect(presentOf(['Banned on 2 September 2014.'], undefined)).toEqual({ year: 2014, yearless: false });
  });

  test('no year at all, no present, and nothing is before it', () => {
    expect(presentOf(['He was detained on Monday.'], undefined)).toBeUndefined();
    expect(beforePresent(1999, undefined)).toBe(false);
  });
});
