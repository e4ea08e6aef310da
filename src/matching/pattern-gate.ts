import type { AST } from '@eslint-community/regexpp';

// A command matching one article would spend more on working out gates than on the patterns.
const GATE_AFTER = 16;

/** A watchlist pattern that tries its gate first: at once when the gate is known, else once it has run on a few texts. */
export class GatedPattern {
  private uses = 0;
  /** Undefined until worked out; null when the pattern has no gate. */
  private gate: RegExp | null | undefined;

  constructor(
    readonly signal: string,
    readonly re: RegExp,
  ) {
    const known = knownGates.get(gateKey(re));
    if (known !== undefined) this.gate = known === null ? null : new RegExp(known, gateFlags(re.flags));
  }

  /** False only when no match of the pattern can be in the text. */
  mayMatch(text: string): boolean {
    if (this.gate === undefined) {
      if (++this.uses <= GATE_AFTER) return true;
      this.gate = patternGate(this.re.source, this.re.flags) ?? null;
    }
    return this.gate === null || this.gate.test(text);
  }
}

// Gates worked out by an earlier run (kept with a cached watchlist, config/watchlist-cache.ts), by
// pattern: with them a command matching one article gates every pattern from the first text, and
// compiles only the patterns a text may match (compiling all of them took longer than the match).
const knownGates = new Map<string, string | null>();
const gateKey = (re: RegExp): string => `${re.flags}/${re.source}`;
const gateFlags = (flags: string): string => flags.replace(/[gy]/g, '');

/** Each pattern's gate, as kept in the cache: its source, or null for a pattern without one. */
export function gatesOf(patterns: readonly GatedPattern[]): Array<[string, string | null]> {
  return patterns.map((p) => [gateKey(p.re), patternGate(p.re.source, p.re.flags)?.source ?? null]);
}

export function primeGates(gates: ReadonlyArray<readonly [string, string | null]>): void {
  for (const [key, gate] of gates) knownGates.set(key, gate);
}

/**
 * A cheap test that a text may hold a match of a watchlist pattern: one of the literal strings that
 * every match of the pattern must contain, searched with the pattern's own flags (so case folding is
 * the same). Most articles hold no trigger word of most patterns; a literal search is far cheaper than
 * trying the pattern's alternatives at every position. Undefined when the pattern has no such string.
 */
export function patternGate(source: string, flags: string): RegExp | undefined {
  let pattern: AST.Pattern;
  try {
    // Loaded on first use: `match` on one file never needs it.
    const { RegExpParser } = require('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp');
    pattern = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: flags.includes('u') });
  } catch {
    return undefined;
  }
  const literals = required(pattern.alternatives);
  if (!literals || literals.some((l) => l === '')) return undefined;
  return new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), gateFlags(flags));
}

/** One of these strings is in every match of one of the alternatives; undefined when nothing is known. */
function required(alternatives: readonly AST.Alternative[]): string[] | undefined {
  const all: string[] = [];
  for (const alt of alternatives) {
    const one = inSequence(alt.elements);
    if (!one) return undefined;
    all.push(...one);
  }
  return [...new Set(all)];
}

/** The most selective requirement among a sequence's elements: runs of literal characters, groups, repeats. */
function inSequence(elements: readonly AST.Element[]): string[] | undefined {
  const options: string[][] = [];
  let run = '';
  const endRun = (): void => {
    if (run) options.push([run]);
    run = '';
  };
  for (const e of elements) {
    if (e.type === 'Character') {
      run += String.fromCodePoint(e.value);
      continue;
    }
    endRun();
    if (e.type === 'Group' || e.type === 'CapturingGroup') {
      const inner = required(e.alternatives);
      if (inner) options.push(inner);
    } else if (e.type === 'Quantifier' && e.min >= 1) {
      const inner = inSequence([e.element]);
      if (inner) options.push(inner);
    }
    // Assertions match no text; classes, sets and back-references hold no literal.
  }
  endRun();
  // The shortest string of a set bounds how selective it is; then the fewer strings the better.
  const score = (set: string[]): number => Math.min(...set.map((s) => s.length)) * 100 - set.length;
  return options.sort((a, b) => score(b) - score(a))[0];
}
