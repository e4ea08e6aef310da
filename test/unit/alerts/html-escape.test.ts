import { escapeHtml } from '../../../src/alerts/render/html';

describe('escapeHtml', () => {
  test('escapes the five characters that can break out of text or an attribute, apostrophe included', () => {
    expect(escapeHtml(`<a href='x' title="y">Sam & Sokha's</a>`)).toBe('&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;Sam &amp; Sokha&#39;s&lt;/a&gt;');
  });
});
