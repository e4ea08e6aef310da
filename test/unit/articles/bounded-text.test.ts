import { boundedHtmlToText, MAX_DEPTH, nestingDepth } from '../../../src/articles/bounded-text';
import { htmlToText } from '../../../src/articles/html-text';

const nested = (depth: number, tag = 'div'): string => `<${tag}>`.repeat(depth) + 'deep words' + `</${tag}>`.repeat(depth);

describe('nestingDepth', () => {
  test.each([
    ['', 0],
    ['plain text', 0],
    ['<p>a</p><p>b</p>', 1],
    ['<div><p>a<br>b<img src=x><br/></p></div>', 2],
    ['<div><span/><span/></div>', 1],
    ['<ul><li>a<li>b</ul>', 3],
    [nested(50), 50],
  ])('%j → %d', (html, depth) => {
    expect(nestingDepth(html)).toBe(depth);
  });

  test('stops counting past the limit', () => {
    expect(nestingDepth(nested(5000), 10)).toBe(11);
  });
});

describe('boundedHtmlToText', () => {
  test('ordinary HTML is exactly htmlToText', () => {
    const html = '<h1>Title</h1><p>First &amp; <b>bold</b>.</p><script>x()</script><p>Second.</p>';
    expect(boundedHtmlToText(html)).toBe(htmlToText(html));
  });

  test('a nesting bomb is flattened, words kept, scripts dropped', () => {
    const bomb = `<p>Intro &amp; more.</p>${nested(100_000)}<script>alert(1)</script>`;
    const text = boundedHtmlToText(bomb);
    expect(text).toContain('Intro & more.');
    expect(text).toContain('deep words');
    expect(text).not.toContain('alert');
    expect(text).not.toContain('<');
  });

  test('the limit is generous for real pages', () => {
    expect(MAX_DEPTH).toBeGreaterThanOrEqual(500);
    expect(boundedHtmlToText(nested(200))).toBe('deep words');
  });
});
