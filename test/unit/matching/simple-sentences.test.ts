// Sentences found without the segmenter must end exactly where Intl.Segmenter ends them: every
// sentence index, and so every rule that asks for one sentence, depends on it.
import fc from 'fast-check';
import { simpleSentenceEnds } from '../../../src/matching/simple-sentences';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const segmenterEnds = (text: string): number[] => [...segmenter.segment(text)].map((s) => s.index + s.segment.length);

test.each([
  'Police detained him. He was released on Monday.',
  'Mr. Sokha met U.S. officials at 3.5 p.m. in Washington D.C. on Friday!',
  '“Send him back,” the minister said. (He did not.) Why? Nobody knows… yet.',
  'Title without a stop\n\nFirst sentence.  Second one?!\r\nThird — with a dash; and e.g. lower case.',
  'Ende. Über Å. ªb. µ. 1.2. «Non.» Oui...',
  '',
  '.',
  '\n\n',
])('%j ends where the segmenter ends it', (text) => {
  expect(simpleSentenceEnds(text)).toEqual(segmenterEnds(text));
});

test.each(['soft\u00adhyphen.', 'Quỳnh.', 'Łódź.', 'Зелимхан.', 'លោក.', '桂民海。', 'a\u0085b', '\u2028', 'a\u200bb'])(
  '%j is left to the segmenter',
  (text) => {
    expect(simpleSentenceEnds(text)).toBeUndefined();
  },
);

// Pieces the fast path takes (every Latin-1 character but the soft hyphen among them), in any order.
const latin1 = Array.from({ length: 0x60 }, (_, k) => String.fromCharCode(0xa0 + k)).filter((c) => c !== '\u00ad');
const ascii = Array.from({ length: 0x5f }, (_, k) => String.fromCharCode(0x20 + k));
const piece = fc.constantFrom(...ascii, ...latin1, ...'\n\r\t‘’‚“”„–—…', '\r\n', '  ', 'word', 'Word', ' the ', 'Mr. ', 'U.S.', '3.5', 'etc. ', '... ');

test('on generated text, sentences end where the segmenter ends them', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      expect(simpleSentenceEnds(text)).toEqual(segmenterEnds(text));
    }),
    { numRuns: 20_000 },
  );
});
