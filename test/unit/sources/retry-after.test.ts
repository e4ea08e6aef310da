import { parseRetryAfter } from '../../../src/sources/retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-14T12:00:00Z');
  test.each<[string | undefined, number | undefined]>([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['0', 0],
    ['Tue, 14 May 2024 12:02:00 GMT', 120_000],
    ['Tue, 14 May 2024 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
