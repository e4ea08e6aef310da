// Text built to stall the matcher is bounded by the amount of work, not by a clock: fields are cut,
// long runs without full stops become several sentences, over-long words are neither stemmed nor
// compared for typos, and no entry is looked at more than a hundred times per field.
import { splitSentences } from '../../../src/matching/sentences';
import { stem } from '../../../src/matching/stem';
import { FIELD_LIMIT } from '../../../src/matching/match-article';
import { compiled, matchText } from '../../helpers/watchlist';

const c = compiled({
  people: [{ id: 'mu-sochua', name: 'Mu Sochua' }],
  signals: [{ id: 'detention', words: ['detain'] }],
  rules: [{ id: 'pursued', when: { person: 'any', signal: 'any', within: 'sentence' }, severity: 'high' }],
});

describe('hostile input', () => {
  test('a word of 60,000 letters is not stemmed, and the article still matches', () => {
    const word = `A${'b'.repeat(59_999)}`;
    expect(stem(word.toLowerCase())).toBe(word.toLowerCase());
    const { alerts } = matchText(c, `${word} Police detained Mu Sochua.`);
    expect(alerts.map((a) => a.rule)).toEqual(['pursued']);
  });

  test('a run of text without full stops becomes sentences of bounded length', () => {
    const spans = splitSentences('word '.repeat(10_000));
    expect(spans.length).toBeGreaterThan(20);
    expect(Math.max(...spans.map((s) => s.end - s.start))).toBeLessThanOrEqual(2_000);
    const glued = splitSentences('x'.repeat(9_000));
    expect(glued.map((s) => s.end - s.start)).toEqual([2_000, 2_000, 2_000, 2_000, 1_000]);
  });

  test('text past the field limit is not matched', () => {
    const padding = 'filler words here. '.repeat(Math.ceil(FIELD_LIMIT.content / 19));
    expect(matchText(c, `${padding} Police detained Mu Sochua.`).matches).toEqual([]);
    expect(matchText(c, `Police detained Mu Sochua. ${padding}`).alerts).toHaveLength(1);
  });

  test('a name repeated forty thousand times is looked at a hundred times', () => {
    const { matches, alerts } = matchText(c, 'Police detained Mu Sochua. '.repeat(40_000));
    expect(matches.filter((m) => m.kind === 'person')).toHaveLength(100);
    expect(alerts).toHaveLength(1);
  });
});
