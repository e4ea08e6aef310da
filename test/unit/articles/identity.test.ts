import { articleFingerprint, articleId, contentFingerprint, normaliseText } from '../../../src/articles/identity';

const text = 'Border police detained the exiled journalist Dana Veltri when she landed on Monday evening, acting on an international warrant.';

describe('articleId', () => {
  test('is short lower-case hex with no colon (a safe BullMQ job id)', () => {
    const { id } = articleId({ sourceId: 'courier', url: 'https://news.example.org/a', title: 't', text: '' });
    expect(id).toMatch(/^[0-9a-f]{24}$/);
  });

  test('from the canonical URL: the same across sources, tracking parameters and GUIDs', () => {
    const a = articleId({ sourceId: 'courier', url: 'https://news.example.org/a?utm_source=rss', guid: 'x-1', title: 'One', text });
    const b = articleId({ sourceId: 'aggregator', url: 'https://NEWS.example.org/a#comments', guid: 'y-2', title: 'Other title', text: '' });
    expect(a).toEqual({ id: b.id, basis: 'url' });
  });

  test('different URLs are different articles', () => {
    const a = articleId({ sourceId: 's', url: 'https://news.example.org/a', title: 't', text });
    const b = articleId({ sourceId: 's', url: 'https://news.example.org/b', title: 't', text });
    expect(a.id).not.toBe(b.id);
  });

  test('from the GUID when there is no link, scoped by source', () => {
    const a = articleId({ sourceId: 'one', guid: 'item-7', title: 't', text });
    const b = articleId({ sourceId: 'two', guid: 'item-7', title: 't', text });
    const again = articleId({ sourceId: 'one', guid: ' item-7 ', title: 'changed title', text: 'changed text' });
    expect(a.basis).toBe('guid');
    expect(a.id).not.toBe(b.id);
    expect(again.id).toBe(a.id);
  });

  test('from the content when there is neither', () => {
    const a = articleId({ sourceId: 's', url: '', title: 'Title', text });
    const b = articleId({ sourceId: 's', title: 'TITLE', text: `${text}  ` });
    expect(a.basis).toBe('content');
    expect(b.id).toBe(a.id);
  });

  test('a non-http link is no URL identity', () => {
    expect(articleId({ sourceId: 's', url: 'javascript:alert(1)', guid: 'g', title: 't', text }).basis).toBe('guid');
  });
});

describe('content fingerprint', () => {
  test('the same story at two URLs or in two feeds has one fingerprint', () => {
    const a = articleFingerprint({ id: 'a', title: 'Exiled journalist detained on arrival', summary: text, content: '' });
    const b = articleFingerprint({
      id: 'b',
      title: 'Exiled Journalist Detained On Arrival!',
      summary: '',
      content: `${text.toUpperCase()} Her lawyer said the warrant was politically motivated and that the request would be contested.`,
    });
    expect(a).toBe(b);
  });

  test('differs when the story differs', () => {
    const a = contentFingerprint('Exiled journalist detained', text, 'a');
    const b = contentFingerprint('Exiled journalist released', text, 'b');
    const c = contentFingerprint('Exiled journalist detained', text.replace('Monday', 'Tuesday'), 'c');
    expect(new Set([a, b, c]).size).toBe(3);
  });

  test('too few words to tell stories apart: the article id decides', () => {
    const a = contentFingerprint('Live updates', 'Short.', 'first-id');
    const b = contentFingerprint('Live updates', 'Short.', 'second-id');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
  });

  test('normaliseText folds case, accents and punctuation, keeps any script', () => {
    expect(normaliseText('Café — “Exil”, 2024!')).toBe('cafe exil 2024');
    expect(normaliseText('Журналист задержан')).toBe('журналист задержан');
  });
});
