import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';

/**
 * Why a watchlist pattern could take exponential time on hostile text, or undefined when it cannot in
 * the way that matters most: an unbounded repeat (+, *, {n,}) of something that itself repeats without
 * bound, as in (a+)+ or (\s*\w+)*, which backtracks through every way of splitting the text. Bounded
 * repeats ({1,7}, ?) are fine. Patterns also run one sentence at a time, which bounds what is left.
 */
export function unsafePattern(source: string): string | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    return undefined; // invalid patterns are reported by the RegExp constructor's own message
  }
  let found: string | undefined;
  visitRegExpAST(pattern, {
    onQuantifierEnter(q) {
      if (found || q.max !== Infinity) return;
      let inner: AST.Quantifier | undefined;
      visitRegExpAST(q.element, {
        onQuantifierEnter(x) {
          if (!inner && x.max === Infinity) inner = x;
        },
      });
      if (inner) found = `"${inner.raw}" repeats inside "${q.raw}", which repeats too: write a bounded repeat such as {0,3}`;
    },
  });
  return found;
}
