import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';

/**
 * Why a watchlist pattern could take exponential time on hostile text, or undefined when it cannot in
 * the two ways that matter: inside an unbounded repeat (+, *, {n,}),
 * - something that itself repeats without bound, as in (a+)+ or (\s*\w+)*, or
 * - alternatives that can start with the same character, as in (a|a)* or (\w|\d)+,
 * either of which lets the engine try every way of splitting the text. Bounded repeats ({1,7}, ?) are
 * fine. The second check is cautious ((him|her)+ is refused though it is safe): a bounded repeat is
 * always a way out. Patterns also run one sentence at a time, which bounds what is left.
 */
export function unsafePattern(source: string): string | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    return undefined; // invalid patterns are reported by the RegExp constructor's own message
  }
  const candidates = candidateCharacters(source);
  let found: string | undefined;
  visitRegExpAST(pattern, {
    onQuantifierEnter(q) {
      if (found || q.max !== Infinity) return;
      visitRegExpAST(q.element, {
        onQuantifierEnter(x) {
          if (!found && x.max === Infinity) found = `"${x.raw}" repeats inside "${q.raw}", which repeats too: write a bounded repeat such as {0,3}`;
        },
        onGroupEnter(g) {
          if (!found && overlapping(g.alternatives, candidates)) found = alternativesMessage(g.raw, q.raw);
        },
        onCapturingGroupEnter(g) {
          if (!found && overlapping(g.alternatives, candidates)) found = alternativesMessage(g.raw, q.raw);
        },
      });
    },
  });
  return found;
}

function alternativesMessage(group: string, repeat: string): string {
  return `two alternatives of "${group}" can start with the same character inside "${repeat}", which repeats: write a bounded repeat such as {0,3}`;
}

/** Whether two alternatives of one group could both begin with one of the candidate characters. */
function overlapping(alternatives: readonly AST.Alternative[], candidates: readonly string[]): boolean {
  if (alternatives.length < 2) return false;
  const starts = alternatives.map((a) => firstAtoms(a.elements));
  for (let i = 0; i < starts.length; i++) {
    for (let j = i + 1; j < starts.length; j++) {
      const a = startTest(starts[i]);
      const b = startTest(starts[j]);
      if (!a || !b || candidates.some((c) => a.test(c) && b.test(c))) return true;
    }
  }
  return false;
}

// undefined: an alternative whose start cannot be told (a backreference first): counted as overlapping.
type Atoms = string[] | undefined;

/** The raw text of every atom an alternative can begin with, looking past what can match nothing. */
function firstAtoms(elements: readonly AST.Element[]): Atoms {
  const atoms: string[] = [];
  for (const e of elements) {
    const { atoms: own, nullable } = atomsOf(e);
    if (own === undefined) return undefined;
    atoms.push(...own);
    if (!nullable) return atoms;
  }
  return atoms;
}

function atomsOf(e: AST.Element): { atoms: Atoms; nullable: boolean } {
  switch (e.type) {
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
    case 'ExpressionCharacterClass':
      return { atoms: [e.raw], nullable: false };
    case 'Assertion':
      return { atoms: [], nullable: true };
    case 'Quantifier': {
      const inner = atomsOf(e.element);
      return { atoms: inner.atoms, nullable: e.min === 0 || inner.nullable };
    }
    case 'Group':
    case 'CapturingGroup': {
      const atoms: string[] = [];
      let nullable = false;
      for (const a of e.alternatives) {
        const first = firstAtoms(a.elements);
        if (first === undefined) return { atoms: undefined, nullable: true };
        atoms.push(...first);
        nullable ||= a.elements.every((x) => atomsOf(x).nullable);
      }
      return { atoms, nullable };
    }
    default:
      return { atoms: undefined, nullable: true };
  }
}

function startTest(atoms: Atoms): RegExp | undefined {
  if (atoms === undefined) return undefined;
  if (atoms.length === 0) return /(?!)/u;
  return new RegExp(`^(?:${atoms.join('|')})$`, 'iu');
}

/** Latin, Greek and Cyrillic letters, digits, spaces and punctuation, and every character the pattern names. */
function candidateCharacters(source: string): string[] {
  const set = new Set<string>(source);
  for (let cp = 0x09; cp <= 0x52f; cp++) set.add(String.fromCodePoint(cp));
  for (const extra of ['\u00a0', '\u2019', '\u201c', '\u2013', '\u3000', '\u0e01', '\u1780', '\u4e00']) set.add(extra);
  return [...set];
}
