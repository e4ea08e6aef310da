import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractMainText } from '../../../src/sources/full-text';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../../fixtures/feeds', name), 'utf8');

describe('extractMainText', () => {
  const page = extractMainText(fixture('article.html'), 'https://news.example.org/world/story?utm_source=x');

  test('keeps the article prose, in paragraphs', () => {
    expect(page.text).toContain('Border police detained the exiled journalist Dana Veltri');
    expect(page.text).toContain('The interior ministry declined to comment on the case.');
    expect(page.text).toMatch(/in 2019\.\n\nHer lawyer/);
  });

  test('drops navigation, asides, footer and scripts', () => {
    for (const noise of ['Football results', 'Weather warning', 'Sport', '© Harbour Courier', 'window.tracking']) {
      expect(page.text).not.toContain(noise);
    }
  });

  test('title and canonical link', () => {
    expect(page.title).toMatch(/Exiled journalist detained on arrival/);
    expect(page.canonicalUrl).toBe('https://news.example.org/2024/05/exiled-journalist-detained');
  });

  test('a page too thin for Readability still gives its text', () => {
    const thin = extractMainText('<html><head><title>Note</title></head><body><p>Short note.</p></body></html>', 'https://a.example/');
    expect(thin.text).toBe('Short note.');
    expect(thin.title).toBe('Note');
    expect(thin.canonicalUrl).toBeUndefined();
  });

  test('a page nested thousands of levels deep is read without a DOM', () => {
    const deep = `<html><body>${'<div>'.repeat(50_000)}Buried text${'</div>'.repeat(50_000)}</body></html>`;
    expect(extractMainText(deep, 'https://a.example/').text).toBe('Buried text');
  });

  test('a javascript: canonical link is ignored', () => {
    const r = extractMainText('<html><head><link rel="canonical" href="javascript:alert(1)"></head><body><p>x</p></body></html>', 'https://a.example/');
    expect(r.canonicalUrl).toBeUndefined();
  });
});
