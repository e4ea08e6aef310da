import type { Alert, Evidence, Match } from '../alerts/alert';
import type { Article } from '../articles/article';
import { routesFor } from '../alerts/routing';
import type { Route } from '../config/watchlist-schema';
import { forTerminal } from '../util/terminal-text';

export interface ArticleResult {
  article: Article;
  matches: Match[];
  alerts: Alert[];
  /** `--explain PERSON`: why that person's rules did or did not fire (explain.ts). */
  explanation?: string[];
}

/** The `--format json` shape: one object per article, documented in the README. */
export function toJson(results: ArticleResult[]): unknown {
  return results.map(({ article, matches, alerts, explanation }) => ({
    title: article.title,
    url: article.url,
    matches: matches.map((m) => ({
      entry: m.entry,
      kind: m.kind,
      surface: m.surface,
      field: m.field,
      start: m.start,
      end: m.end,
      sentence: m.sentence,
      how: m.how,
    })),
    alerts: alerts.map((a) => ({
      id: a.id,
      rule: a.rule,
      severity: a.severity,
      entries: a.entries,
      snippet: a.snippet,
      routes: a.routes,
    })),
    ...(explanation ? { explain: explanation } : {}),
  }));
}

export interface TextStyle {
  mark: (s: string) => string;
  strong: (s: string) => string;
  dim: (s: string) => string;
}

export const PLAIN: TextStyle = { mark: (s) => `[${s}]`, strong: (s) => s, dim: (s) => s };
export const ANSI: TextStyle = {
  mark: (s) => `\u001b[1;33m${s}\u001b[0m`,
  strong: (s) => `\u001b[1m${s}\u001b[0m`,
  dim: (s) => `\u001b[2m${s}\u001b[0m`,
};

function highlight(e: Evidence, style: TextStyle): string {
  let out = '';
  let at = 0;
  const spans = [...e.highlights].sort((a, b) => a.start - b.start);
  for (const h of spans) {
    if (h.start < at) continue;
    out += forTerminal(e.text.slice(at, h.start)) + style.mark(forTerminal(e.text.slice(h.start, h.end)));
    at = h.end;
  }
  return (out + forTerminal(e.text.slice(at))).replace(/[ \t\n\r]+/g, ' ');
}

/**
 * The `--format text` shape, for people: headline, then each alert with its evidence and the routes
 * it would go to (enabled routes at or above their minimum severity).
 */
export function toText(results: ArticleResult[], style: TextStyle, routes: readonly Route[] = []): string {
  const blocks = results.map(({ article, matches, alerts, explanation }) => {
    // The article's own text is untrusted: it is cleaned before styling adds escape sequences of ours.
    const lines = [style.strong(forTerminal(article.title) || '(no title)')];
    if (article.url) lines.push(style.dim(forTerminal(article.url)));
    if (alerts.length === 0) {
      lines.push(matches.length === 0 ? '  no matches' : `  no alert (${matches.length} match${matches.length === 1 ? '' : 'es'}, no rule fired)`);
    }
    for (const a of alerts) {
      lines.push(`  ${style.strong(a.severity.toUpperCase())}  ${a.rule}: ${a.entries.join(', ')}`);
      for (const e of a.evidence) lines.push(`    ${style.dim(e.field + ':')} ${highlight(e, style)}`);
      const to = routesFor(a, routes).map((r) => `${r.id} (${r.kind}${r.mode === 'digest' ? ' digest' : ''})`);
      lines.push(`    ${style.dim('routes:')} ${to.length > 0 ? to.join(', ') : 'none (no enabled route takes this severity)'}`);
    }
    if (matches.length > 0) {
      const seen = matches.map(
        (m) =>
          `${m.entry} "${forTerminal(m.surface).replace(/\s+/g, ' ')}" (${m.field} ${m.start}-${m.end}${m.how === 'fuzzy' || m.how === 'short-form' ? ', ' + m.how : ''})`,
      );
      lines.push(style.dim(`  matches: ${seen.join('; ')}`));
    }
    if (explanation) lines.push(`  explain ${explanation[0]}`, ...explanation.slice(1).map((l) => `  ${forTerminal(l)}`));
    return lines.join('\n');
  });
  return blocks.join('\n\n') + '\n';
}
