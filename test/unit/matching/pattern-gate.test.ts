// A pattern's gate may let through text the pattern does not match, never the other way round: a
// gate that refused a matching text would lose a signal.
import fc from 'fast-check';
import { join } from 'node:path';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { GatedPattern, gatesOf, patternGate, primeGates } from '../../../src/matching/pattern-gate';

test.each([
  ['\\bexecut(?:ed|ion|ions)\\b', 'execut'],
  ['\\bvisas?\\s+(?:had\\s+|has\\s+)?run\\s+out\\b', 'visa'],
  ['\\b(?:he|she)\\s+was\\s+(?:still\\s+)?held\\b', 'held'],
  ['\\b(?:killed|shot)\\s+(?:him|her)\\b', 'killed|shot'],
  ['\\bplain-?clothes\\b', 'clothes'],
])('%s is gated by %s', (source, gate) => {
  expect(patternGate(source, 'giu')?.source).toBe(gate);
});

test.each(['\\d+-?\\d{4}', '(?:a|\\w+)x?', '(?=held)', '[abc]+'])('%s has no literal every match holds, and no gate', (source) => {
  expect(patternGate(source, 'giu')).toBeUndefined();
});

test('a gate folds case as its pattern does', () => {
  // U+212A, the Kelvin sign, is a K to a case-insensitive Unicode pattern.
  const gate = patternGate('\\bkilled\\b', 'giu')!;
  const texts = ['KILLED', 'Killed', '\u212Ailled'];
  expect(texts.map((t) => [new RegExp('\\bkilled\\b', 'giu').test(t), gate.test(t)])).toEqual(texts.map(() => [true, true]));
  expect(gate.test('kilned')).toBe(false);
});

const { watchlist } = loadWatchlist(join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml'), {});
const patterns = watchlist.signals.flatMap((s) => s.patterns);

test('the shipped patterns nearly all have a gate', () => {
  expect(patterns.length).toBeGreaterThan(10);
  expect(patterns.filter((p) => patternGate(p, 'giu')).length).toBeGreaterThanOrEqual(patterns.length - 2);
});

// Words of the shipped patterns themselves, in any order and case: the texts that come close to matching.
const vocabulary = [...new Set(patterns.flatMap((p) => p.match(/[A-Za-z’']+/g) ?? []))].filter((w) => w.length > 1 && !/^[sdwb]$/.test(w));

test('on text made of the patterns’ own words, no gate refuses a text its pattern matches', () => {
  const word = fc.constantFrom(...vocabulary).chain((w) => fc.constantFrom(w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)));
  let matched = 0;
  fc.assert(
    fc.property(fc.array(word, { minLength: 2, maxLength: 12 }), fc.constantFrom(' ', ', ', ' the ', ' him '), (words, sep) => {
      const text = words.join(sep);
      for (const p of patterns) {
        const gate = patternGate(p, 'giu');
        if (!new RegExp(p, 'giu').test(text)) continue;
        matched++;
        expect({ p, text, gate: gate === undefined || gate.test(text) }).toEqual({ p, text, gate: true });
      }
    }),
    { numRuns: 800 },
  );
  expect(matched).toBeGreaterThan(30);
});

test('a gate kept from an earlier run applies from the first text', () => {
  const re = new RegExp('\\b(?:killed|shot)\\s+(?:him|her)\\b', 'giu');
  expect(new GatedPattern('s', re).mayMatch('nothing of the kind')).toBe(true);
  primeGates(gatesOf([new GatedPattern('s', re)]));
  const primed = new GatedPattern('s', re);
  expect(primed.mayMatch('nothing of the kind')).toBe(false);
  expect(primed.mayMatch('they SHOT him')).toBe(true);
});
