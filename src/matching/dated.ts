/**
 * Sentences that open on a year: "In March 2015, X was assassinated", "On 9 June 2007, …". News dates
 * its own events without the year ("on Monday", "on September 2", "in June"); a year written out
 * names another time, and a sentence anchored to a year before the article's present recounts the
 * past: background, not an event to alert on. See docs/matching.md, "Past cases".
 */

// The first words of a sentence up to a year: "In late December 2021,", "On 9 June 2007,", "Back in
// 2012", "En mars 2015,", "В 2015 году", "2015年3月". Not "Since 2018", which runs to the present.
const ANCHOR =
  /^[\s"“‘'(]*(?:(?:In|On|By|During|Back\s+in|Early\s+in|Late\s+in|En|Le|Au|El|Im|Am|Pada|Tahun|Năm|Vào|Tháng|В|Во)\s[^,.;:!?\n]{0,24}?)?(?<![\d–-])((?:19|20)\d\d)(?![\d–-])(?:\s*(?:年|году|г\.))?/u;

/** The year a sentence opens on, if it does. */
export function anchorYear(sentence: string): number | undefined {
  const m = ANCHOR.exec(sentence.slice(0, 48));
  if (!m) return undefined;
  // A bare year must be a date of its own ("2015年3月", "2015: …"), not a number that starts a sentence.
  const bare = /^[\s"“‘'(]*\d/u.test(m[0]);
  if (bare && !m[0].includes('年') && !/^\s*[,:]/u.test(sentence.slice(m[0].length))) return undefined;
  return Number(m[1]);
}

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const YEAR_AFTER = '(?!,?\\s+(?:of\\s+)?(?:19|20)\\d\\d)';
// "on September 2", "2 September", "in June,": a date without its year, as news writes the current year.
const YEARLESS_DATE = new RegExp(
  `\\b(?:${MONTH}\\s+\\d{1,2}(?!\\d)(?:st|nd|rd|th)?${YEAR_AFTER}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\b${YEAR_AFTER}|[Ii]n\\s+(?:early\\s+|late\\s+|mid-)?${MONTH}\\b${YEAR_AFTER})`,
);
const YEAR = /(?<!\d)(?:19|20)\d\d(?!\d)/g;

/** What the article says about its own present: a year, and whether anything dated in that year is still past. */
export interface Present {
  year: number;
  /** The year is only the latest one the text mentions, and the text dates its news without a year. */
  yearless: boolean;
}

/**
 * The article's present: the year it was published when known; otherwise the latest year its text
 * mentions, noting whether it also dates events without a year (then a written year, even the
 * latest, is another year than the news).
 */
export function presentOf(texts: readonly string[], publishedAt: string | undefined): Present | undefined {
  const published = publishedAt ? new Date(publishedAt).getUTCFullYear() : NaN;
  if (Number.isFinite(published)) return { year: published, yearless: false };
  let latest = 0;
  for (const t of texts) for (const m of t.matchAll(YEAR)) latest = Math.max(latest, Number(m[0]));
  if (latest === 0) return undefined;
  return { year: latest, yearless: texts.some((t) => YEARLESS_DATE.test(t)) };
}

/** Is a sentence anchored to this year background, given the article's present? */
export function beforePresent(year: number, present: Present | undefined): boolean {
  if (!present) return false;
  return year < present.year || (year === present.year && present.yearless);
}
