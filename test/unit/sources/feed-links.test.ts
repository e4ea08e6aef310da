import { isHttpUrl, resolveBase, resolveLink } from '../../../src/sources/feed-links';

describe('resolveLink', () => {
  test.each<[string | undefined, (string | undefined)[], string | undefined]>([
    ['https://a.example/x', [], 'https://a.example/x'],
    ['/story/1', ['https://site.example/news/'], 'https://site.example/story/1'],
    ['story.html', ['https://site.example/news/'], 'https://site.example/news/story.html'],
    ['story.html', ['sub/', 'https://site.example/news/'], 'https://site.example/news/sub/story.html'],
    ['story.html', [undefined, 'https://site.example/'], 'https://site.example/story.html'],
    ['  https://a.example/padded  ', [], 'https://a.example/padded'],
    ['relative-only', [], undefined],
    ['javascript:alert(1)', ['https://site.example/'], undefined],
    ['JavaScript:alert(1)', [], undefined],
    ['java\tscript:alert(1)', [], undefined],
    [' \u0001javascript:alert(1)', [], undefined],
    ['data:text/html,<script>alert(1)</script>', [], undefined],
    ['vbscript:msgbox(1)', [], undefined],
    ['file:///etc/passwd', [], undefined],
    ['mailto:desk@example.org', [], undefined],
    ['ftp://files.example/x', [], undefined],
    ['http://', [], undefined],
    ['', ['https://site.example/'], undefined],
    [undefined, ['https://site.example/'], undefined],
  ])('%j against %j → %j', (href, bases, expected) => {
    expect(resolveLink(href, ...bases)).toBe(expected);
  });
});

describe('resolveBase', () => {
  test('a javascript: base is ignored', () => {
    expect(resolveBase(['javascript:alert(1)', 'https://site.example/feed'])).toBe('https://site.example/feed');
  });
  test('nothing absolute gives no base', () => {
    expect(resolveBase(['sub/', undefined])).toBeUndefined();
  });
});

test('isHttpUrl', () => {
  expect(isHttpUrl('https://a.example/')).toBe(true);
  expect(isHttpUrl('tag:a.example,2024:1')).toBe(false);
  expect(isHttpUrl(undefined)).toBe(false);
});
