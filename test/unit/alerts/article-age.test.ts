import { articleAgeMs, formatAge, isOldStory } from '../../../src/alerts/render/article-age';
import { contactHref } from '../../../src/alerts/render/contact-link';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('formatAge', () => {
  test.each([
    [0, 'just now'],
    [59 * S, 'just now'],
    [-30 * S, 'just now'],
    [MIN, '1 minute ago'],
    [59 * MIN + 59 * S, '59 minutes ago'],
    [H, '1 hour ago'],
    [2 * H + 59 * MIN, '2 hours ago'],
    [23 * H + 59 * MIN, '23 hours ago'],
    [D, '1 day ago'],
    [3 * D + 5 * H, '3 days ago'],
    [13 * D, '13 days ago'],
    [14 * D, '2 weeks ago'],
    [62 * D, '8 weeks ago'],
    [63 * D, '2 months ago'],
    [364 * D, '12 months ago'],
    [365 * D, '1 year ago'],
    [3 * 365 * D + 100 * D, '3 years ago'],
    [-2 * H, 'dated 2 hours ahead'],
    [-3 * D, 'dated 3 days ahead'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});

describe('articleAgeMs and isOldStory', () => {
  const now = Date.parse('2024-03-13T07:00:00Z');

  test('counts from publication to now; no date or a date that does not parse has no age', () => {
    expect(articleAgeMs('2024-03-10T07:00:00Z', now)).toBe(3 * D);
    expect(articleAgeMs('2024-03-13T09:00:00+02:00', now)).toBe(0);
    expect(articleAgeMs(undefined, now)).toBeUndefined();
    expect(articleAgeMs('', now)).toBeUndefined();
    expect(articleAgeMs('last Tuesday', now)).toBeUndefined();
  });

  test('an old story is strictly older than the threshold; an undated article never is', () => {
    expect(isOldStory(7 * D, 7 * D)).toBe(false);
    expect(isOldStory(7 * D + 1, 7 * D)).toBe(true);
    expect(isOldStory(-D, 7 * D)).toBe(false);
    expect(isOldStory(undefined, 7 * D)).toBe(false);
  });
});

describe('contactHref', () => {
  test.each([
    ['+44 20 7946 0321', 'tel:+442079460321'],
    ['(020) 7946-0321', 'tel:02079460321'],
    ['desk@ngo.example', 'mailto:desk@ngo.example'],
    ['the duty desk', undefined],
    ['12345', undefined],
    ['javascript:alert(1)', undefined],
    ['a@b.example?subject=x', undefined],
    ['a@b.example, c@d.example', undefined],
    ['"><script>@x.example', undefined],
  ])('%s → %s', (contact, expected) => {
    expect(contactHref(contact)).toBe(expected);
  });
});
