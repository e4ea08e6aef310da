import type { Evidence } from '../../../src/alerts/alert';
import { cleanText, truncate } from '../../../src/alerts/render/clean-text';
import { highlightSegments } from '../../../src/alerts/render/highlight';

const e = (text: string, highlights: Evidence['highlights']): Evidence => ({ field: 'content', text, highlights });

describe('highlightSegments', () => {
  test.each([
    ['one mark', e('Police detained her.', [{ start: 7, end: 15, kind: 'signal' }]), ['Police ', '[detained]', ' her.']],
    [
      'overlapping marks merge, the first kind wins',
      e('Kuala Lumpur airport', [
        { start: 0, end: 12, kind: 'context' },
        { start: 6, end: 20, kind: 'signal' },
      ]),
      ['[Kuala Lumpur airport]'],
    ],
    [
      'out-of-range and empty marks are dropped',
      e('short', [
        { start: 2, end: 99, kind: 'person' },
        { start: -1, end: 2, kind: 'person' },
        { start: 3, end: 3, kind: 'person' },
      ]),
      ['short'],
    ],
    [
      'unsorted marks are put in order',
      e('a b c', [
        { start: 4, end: 5, kind: 'person' },
        { start: 0, end: 1, kind: 'signal' },
      ]),
      ['[a]', ' b ', '[c]'],
    ],
    ['whitespace and control characters are cleaned', e('held\n\n  in\u0000 \u202Ecustody', [{ start: 0, end: 4, kind: 'signal' }]), ['[held]', ' in custody']],
    ['spaces at the edge of a mark move out of it', e('was held there', [{ start: 3, end: 9, kind: 'signal' }]), ['was ', '[held]', ' there']],
  ])('%s', (_name, evidence, expected) => {
    const shown = highlightSegments(evidence).map((s) => (s.mark ? `[${s.text}]` : s.text));
    expect(shown).toEqual(expected);
  });

  test('a long sentence is cut around its first mark, with ellipses', () => {
    const text = `${'word '.repeat(300)}detained ${'more '.repeat(300)}`;
    const start = text.indexOf('detained');
    const segments = highlightSegments(e(text, [{ start, end: start + 8, kind: 'signal' }]), 200);
    const joined = segments.map((s) => s.text).join('');
    expect(joined.length).toBeLessThanOrEqual(206);
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined.endsWith(' …')).toBe(true);
    expect(segments.find((s) => s.mark)?.text).toBe('detained');
  });
});

describe('cleanText and truncate', () => {
  test('bidirectional overrides are removed so text displays in stored order', () => {
    expect(cleanText('abc\u202Edef\u2066g')).toBe('abcdefg');
  });

  test('truncate never splits a surrogate pair', () => {
    const out = truncate('ab😀cd', 4);
    expect(out).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});
