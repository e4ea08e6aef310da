// Properties that hold for any text, checked on generated input (fast-check): what the matcher does
// with a text it was never shown must still be well-formed.
import fc from 'fast-check';
import { canonicalUrl } from '../../../src/articles/canonical-url';
import { foldWord } from '../../../src/matching/normalise';
import { splitSentences } from '../../../src/matching/sentences';
import { tokenize } from '../../../src/matching/tokenize';
import { compiled, matchText } from '../../helpers/watchlist';

// Text of the kinds news is written in, with punctuation, quotes, control characters and odd spacing.
const pieces = fc.constantFrom(
  'Mu Sochua',
  'Kem Sokha',
  'មូរ សុខហួរ',
  '桂民海',
  'Зелимхана',
  'detained',
  'said',
  'she',
  "d'Idris",
  '.',
  ',',
  '“',
  '”',
  '\n\n',
  ' ',
  '\u200b',
  '\u001b[2J',
  'é',
  '🙂',
  'U.S.',
  'Ms.',
);
const newsText = fc
  .array(fc.oneof(pieces, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 })
  .map((a) => a.join(' '));

const c = compiled({
  people: [
    { id: 'mu-sochua', name: 'Mu Sochua', aliases: ['មូរ សុខហួរ'], shortForms: ['Sochua'] },
    { id: 'kem-sokha', name: 'Kem Sokha', shortForms: ['Sokha'] },
    { id: 'gui-minhai', name: 'Gui Minhai', aliases: ['桂民海'] },
  ],
  signals: [{ id: 'detention', words: ['detain'], phrases: ['held * questioning'], patterns: ['\\bheld\\b'] }],
  rules: [
    { id: 'pursued', when: { person: 'any', signal: 'any', within: 'sentence' }, severity: 'high' },
    { id: 'nearby', when: { person: 'any', signal: 'any', within: 30 }, severity: 'medium' },
    { id: 'mentioned', when: { person: 'any' }, severity: 'low' },
  ],
});

describe('properties', () => {
  test('folding is stable: folding a folded word changes nothing', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (w) => foldWord(foldWord(w)) === foldWord(w)));
  });

  test('every token points at its own text, in order, inside its sentence', () => {
    fc.assert(
      fc.property(newsText, (text) => {
        const sentences = splitSentences(text);
        const tokens = tokenize(text, sentences);
        let last = -1;
        for (const t of tokens) {
          if (t.start < last || t.end <= t.start || t.end > text.length) return false;
          if (foldWord(text.slice(t.start, t.end)) !== t.norm) return false;
          const s = sentences[t.sentence];
          if (!s || t.start < s.start || t.end > s.end) return false;
          last = t.end;
        }
        return true;
      }),
    );
  });

  test('matching never throws, and every match and highlight points at its surface text', () => {
    fc.assert(
      fc.property(newsText, newsText, (title, content) => {
        const { matches, alerts } = matchText(c, content, title);
        const fields: Record<string, string> = { title, content };
        for (const m of matches) if (fields[m.field]!.slice(m.start, m.end) !== m.surface) return false;
        for (const a of alerts)
          for (const e of a.evidence) for (const h of e.highlights) if (h.start < 0 || h.end > e.text.length || h.end <= h.start) return false;
        return true;
      }),
    );
  });

  test('canonical URLs are idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicalUrl(url);
        return once === undefined || canonicalUrl(once) === once;
      }),
    );
  });
});
