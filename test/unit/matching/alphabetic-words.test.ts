// The tokenizer's fast path for Latin, Cyrillic and Greek text must cut exactly where Intl.Segmenter
// cuts: every name and signal offset depends on it. Checked on examples and on generated text.
import fc from 'fast-check';
import { alphabeticWords, tokenize } from '../../../src/matching/tokenize';

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

function segmenterWords(text: string): number[] {
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).flatMap((s) => [s.index, s.index + s.segment.length]);
}

const words = (text: string): string[] | undefined => {
  const spans = alphabeticWords(text);
  return spans && Array.from({ length: spans.length / 2 }, (_, k) => text.slice(spans[2 * k], spans[2 * k + 1]));
};

test.each([
  ['Police detained Kem Sokha, 64, on Sunday.', ['Police', 'detained', 'Kem', 'Sokha', '64', 'on', 'Sunday']],
  ['It’s the U.S. embassy’s 1,000th visa: 3.5 per cent.', ['It’s', 'the', 'U.S', 'embassy’s', '1,000th', 'visa', '3.5', 'per', 'cent']],
  ['“Rainsy’s” check-in — refused…', ['Rainsy’s', 'check', 'in', 'refused']],
  ['Quỳnh Trần, Зелимхана; Αθήνα (v2.0) a:b', ['Quỳnh', 'Trần', 'Зелимхана', 'Αθήνα', 'v2.0', 'a:b']],
  ["l'opposant 1.a a..b", ["l'opposant", '1', 'a', 'a', 'b']],
])('%j is cut as the segmenter cuts it', (text, expected) => {
  expect(words(text)).toEqual(expected);
  expect(alphabeticWords(text)).toEqual(segmenterWords(text));
});

test.each(['under_score', 'zero\u200bwidth', 'soft\u00adhyphen', 'លោកកឹម សុខា', '桂民海', 'עברית', '🙂'])('%j is left to the segmenter', (text) => {
  expect(alphabeticWords(text)).toBeUndefined();
});

// Characters the fast path takes, and a few it leaves to the segmenter, in every order.
const chars = fc.constantFrom(
  ...'aZéßłØжЖΩάǅⅫª0179',
  ...' \n\t\u00a0',
  ...".'’‘,;:",
  ...'-–—“”"()!?/&%«»…',
  '\u0301',
  '\u0308',
  '_',
  '\u200b',
  '\u00ad',
  'ក',
  '中',
);

test('on generated text, the fast path cuts where the segmenter does, or leaves the text to it', () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 40 }), (list) => {
      const text = list.join('');
      const spans = alphabeticWords(text);
      if (spans === undefined) return;
      taken++;
      expect(spans).toEqual(segmenterWords(text));
    }),
    { numRuns: 20_000 },
  );
  // Most generated texts hold no character left to the segmenter: the property was really checked.
  expect(taken).toBeGreaterThan(5_000);
});

test('tokens from the fast path are the tokens the segmenter gives', () => {
  const text = 'Thai police detained Sam Serey’s brother at 10.30 on Friday, d’après RFA.\n\nHe was “held”.';
  const viaSegmenter = [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment.replace(/^d’/, ''));
  expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(viaSegmenter);
});
