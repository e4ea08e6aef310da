import { canonicalUrl, isTrackingParam } from '../../../src/articles/canonical-url';

describe('canonicalUrl', () => {
  test.each<[string, string | undefined]>([
    ['HTTPS://News.Example.ORG/Story', 'https://news.example.org/Story'],
    ['https://news.example.org:443/a', 'https://news.example.org/a'],
    ['http://news.example.org:80/a', 'http://news.example.org/a'],
    ['http://news.example.org:8080/a', 'http://news.example.org:8080/a'],
    ['https://news.example.org/a#comments', 'https://news.example.org/a'],
    ['https://news.example.org/#!/story/12', 'https://news.example.org/#!/story/12'],
    ['https://news.example.org/a?utm_source=rss&utm_medium=feed&id=7', 'https://news.example.org/a?id=7'],
    ['https://news.example.org/a?fbclid=x&gclid=y&mc_cid=1&mc_eid=2&igshid=3&ref=home', 'https://news.example.org/a'],
    ['https://news.example.org/a?UTM_Campaign=x&b=2&a=1', 'https://news.example.org/a?a=1&b=2'],
    ['https://news.example.org/a?b=2&a=1&a=0', 'https://news.example.org/a?a=1&a=0&b=2'],
    ['https://news.example.org/a/b/', 'https://news.example.org/a/b'],
    ['https://news.example.org/', 'https://news.example.org/'],
    ['https://news.example.org', 'https://news.example.org/'],
    ['https://www.news.example.org/a', 'https://www.news.example.org/a'],
    ['https://user:secret@news.example.org/a', 'https://news.example.org/a'],
    ['https://news.example.org./a', 'https://news.example.org/a'],
    ['https://news.example.org/%7euser/caf%c3%a9', 'https://news.example.org/~user/caf%C3%A9'],
    ['https://news.example.org/a?', 'https://news.example.org/a'],
    ['ftp://news.example.org/a', undefined],
    ['javascript:alert(1)', undefined],
    ['not a url', undefined],
  ])('%s → %s', (input, output) => {
    expect(canonicalUrl(input)).toBe(output);
  });

  test('spellings of one article agree', () => {
    const spellings = [
      'https://news.example.org/world/2024/05/detained?utm_source=newsletter',
      'HTTPS://NEWS.EXAMPLE.ORG:443/world/2024/05/detained/#top',
      'https://news.example.org/world/2024/05/detained?fbclid=abc123',
    ];
    expect(new Set(spellings.map(canonicalUrl)).size).toBe(1);
  });

  test('tracking parameter names', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('FBCLID')).toBe(true);
    expect(isTrackingParam('id')).toBe(false);
    expect(isTrackingParam('page')).toBe(false);
  });
});
