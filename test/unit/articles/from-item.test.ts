import { articleFromItem, cleanText } from '../../../src/articles/from-item';
import type { RawItem } from '../../../src/sources/raw-item';

const source = { id: 'courier', language: 'en' };

describe('articleFromItem', () => {
  test('maps a full item to plain text, ISO date and canonical id', () => {
    const item: RawItem = {
      guid: 'courier-1001',
      link: 'https://news.example.org/a?utm_source=rss',
      title: 'Journalist &amp; blogger <em>detained</em>',
      summaryHtml: '<p>Police held <b>Dana Veltri</b>.</p><script>alert(1)</script>',
      contentHtml: '<p>First paragraph.</p><p>Second paragraph.</p>',
      published: 'Tue, 14 May 2024 09:30:00 +0200',
      author: ' Mira  Okafor ',
    };
    const a = articleFromItem(item, source);
    expect(a).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/) as unknown,
      sourceId: 'courier',
      url: 'https://news.example.org/a?utm_source=rss',
      title: 'Journalist & blogger detained',
      summary: 'Police held Dana Veltri.',
      content: 'First paragraph.\n\nSecond paragraph.',
      publishedAt: '2024-05-14T07:30:00.000Z',
      author: 'Mira Okafor',
      language: 'en',
    });
    expect(articleFromItem({ ...item, link: 'https://news.example.org/a' }, { id: 'other' }).id).toBe(a.id);
  });

  test('content that repeats the summary is dropped', () => {
    const a = articleFromItem({ title: 't', summaryHtml: '<p>Same text.</p>', contentHtml: 'Same text.' }, source);
    expect(a.summary).toBe('Same text.');
    expect(a.content).toBe('');
  });

  test('an untitled item takes the start of its text, or its link', () => {
    const long = 'word '.repeat(60).trim();
    expect(articleFromItem({ summaryHtml: `<p>${long}</p>` }, source).title).toMatch(/^(word ){20,}word…$/);
    expect(articleFromItem({ summaryHtml: 'Short summary.' }, source).title).toBe('Short summary.');
    expect(articleFromItem({ link: 'https://news.example.org/x' }, source).title).toBe('https://news.example.org/x');
  });

  test('a title that only looks like markup is kept as text; real markup is not', () => {
    expect(articleFromItem({ title: '</example>', link: 'https://a.example/' }, source).title).toBe('</example>');
    expect(articleFromItem({ title: '<img src=x onerror=alert(1)>', link: 'https://a.example/' }, source).title).toBe('https://a.example/');
  });

  test('no link, unreadable date, no language', () => {
    const a = articleFromItem({ guid: 'g', title: 't', published: 'someday' }, { id: 's' });
    expect(a.url).toBe('');
    expect(a).not.toHaveProperty('publishedAt');
    expect(a).not.toHaveProperty('language');
    expect(a).not.toHaveProperty('author');
  });

  test('a nesting bomb in an item does not stall the adapter', () => {
    const a = articleFromItem({ title: 't', summaryHtml: `${'<div>'.repeat(100_000)}words${'</div>'.repeat(100_000)}` }, source);
    expect(a.summary).toBe('words');
  });

  test('windows-1252 points written as character references are repaired', () => {
    expect(articleFromItem({ title: 'don\u0092t \u0093quote\u0094', link: 'https://a.example/' }, source).title).toBe('don\u2019t \u201cquote\u201d');
  });
});

test('cleanText drops control characters, keeps newlines and tabs', () => {
  expect(cleanText('a\bb\u0000c\n\td\u007f')).toBe('abc\n\td');
  expect(cleanText('\u0080 \u0096 \u0081')).toBe('\u20ac \u2013 \u0081');
});

describe('cleanText', () => {
  test('escape and other control characters in feed text are dropped; C1 quotes become quotes', () => {
    expect(cleanText('Mu\u001b[2J Sochua\u0008 \u0093held\u0094')).toBe('Mu[2J Sochua “held”');
    expect(cleanText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});
