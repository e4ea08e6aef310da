import { ARTICLE_FIELDS } from '../articles/article';
import { severityRank } from '../config/severity';
import type { CompiledWatchlist } from './compile';
import { scanField } from './find-hits';
import { analyse, matchArticle, type MatchInput } from './match-article';
import { blocking, selects, type PlacedHit } from './rules';

const MAX_SIGNALS = 5;
const SENTENCE_CHARS = 160;

/**
 * Why a person did or did not raise an alert on an article, as lines for an operator tuning the
 * watchlist: which spellings were found and counted, and for each rule about people, the signals
 * nearest to the name and the check each one failed.
 */
export function explainPerson(article: MatchInput, c: CompiledWatchlist, personId: string): string[] {
  const p = c.peopleById.get(personId);
  if (!p) return [`no person with id "${personId}" in the watchlist`];
  const lines: string[] = [`${p.id} (${p.name})`];

  const raw = ARTICLE_FIELDS.filter((f) => article[f].trim() !== '').flatMap((f) => {
    const scan = scanField(f, article[f], c);
    return [...scan.hits, ...scan.shortForms].filter((h) => h.entry === personId).map((h) => ({ ...h, text: article[f].slice(h.start, h.end) }));
  });
  if (raw.length === 0) {
    const set = setAside(article, p.name, p.aliases, p.exclude);
    if (set) {
      lines.push(`  name: "${set.spelling}" is in the article but not counted: ${set.why}`);
      return lines;
    }
    const spellings = [p.name, ...p.aliases, ...p.shortForms.map((s) => `${s} (short form)`)];
    lines.push(`  name: no spelling found in the article (looked for ${spellings.map((s) => `"${s}"`).join(', ')})`);
    return lines;
  }
  const { scans, hits, cues } = analyse(article, c);
  const sentence = (h: PlacedHit): string => {
    const scan = scans.find((x) => x.field === h.field)!;
    const span = scan.sentences[h.sentence]!;
    const text = scan.text.slice(span.start, span.end).replace(/\s+/g, ' ');
    return text.length > SENTENCE_CHARS ? `${text.slice(0, SENTENCE_CHARS - 1)}…` : text;
  };
  const own = hits.filter((h) => h.kind === 'person' && h.entry === personId);
  lines.push(`  name: found ${raw.map((h) => `"${h.text.replace(/\s+/g, ' ')}" (${h.field}, ${h.how})`).join('; ')}`);
  if (own.length === 0) {
    if (raw.every((h) => h.how === 'short-form')) lines.push('  name: not counted: a short form needs the full name in the same article, for one person only');
    else if (p.requireContext || raw.every((h) => h.how === 'fuzzy'))
      lines.push(`  name: not counted: none of the context words (${p.context.join(', ') || 'none listed'}) is in the article`);
    return lines;
  }

  const alert = matchArticle(article, c).alerts.find((a) => a.personId === personId);
  lines.push(alert ? `  alert: ${alert.rule} (${alert.severity})` : '  alert: none');
  const signals = hits.filter((h) => h.kind === 'signal');
  if (signals.length === 0) {
    lines.push('  signals: none in the article');
    return lines;
  }
  const rules = c.watchlist.rules
    .filter(
      (r) =>
        r.when.person !== undefined &&
        r.when.person !== 'none' &&
        r.when.signal !== undefined &&
        r.when.signal !== 'none' &&
        selects(r.when.person, p.id, p.tags),
    )
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  for (const rule of rules) {
    if (alert && severityRank(rule.severity) <= severityRank(alert.severity)) break;
    const within = rule.when.within ?? 'article';
    lines.push(
      `  rule ${rule.id} (${rule.severity}, within ${within === 'sentence' ? 'one sentence' : within === 'article' ? 'the article' : `${within} words`}): did not hold`,
    );
    const chosen = signals.filter((s) => selects(rule.when.signal, s.entry, c.signalsById.get(s.entry)?.tags ?? []));
    if (chosen.length === 0) lines.push('    no signal this rule takes');
    const nearest = (s: PlacedHit): PlacedHit => own.reduce((a, b) => (Math.abs(b.pos - s.pos) < Math.abs(a.pos - s.pos) ? b : a));
    for (const s of [...chosen].sort((a, b) => distance(nearest(a), a) - distance(nearest(b), b)).slice(0, MAX_SIGNALS)) {
      const why = blocking([nearest(s), s], within, cues) ?? 'another condition of the rule (a context) is missing';
      lines.push(`    ${s.entry} "${sentence(s)}"`, `      ${why}`);
    }
  }
  return lines;
}

function distance(a: PlacedHit, b: PlacedHit): number {
  return Math.abs(a.pos - b.pos);
}

/**
 * A spelling that is in the text although matching found none: the scan set it aside, inside one of
 * the person's exclude phrases ("Sam Rainsy Party") or beside a namesake word ("the actor X").
 */
function setAside(article: MatchInput, name: string, aliases: readonly string[], exclude: readonly string[]): { spelling: string; why: string } | undefined {
  const text = ARTICLE_FIELDS.map((f) => article[f])
    .join('\n')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  const spelling = [name, ...aliases].find((s) => text.includes(s.toLowerCase()));
  if (!spelling) return undefined;
  const phrase = exclude.find((e) => text.includes(e.toLowerCase()) && e.toLowerCase().includes(spelling.toLowerCase()));
  if (phrase) return { spelling, why: `it is part of an excluded phrase ("${phrase}": exclude)` };
  return { spelling, why: 'a word right beside it marks someone else of the same name (namesake, settings.namesakeWords)' };
}
