/**
 * Feed dates to ISO 8601 (UTC). Feeds write RFC 822 (RSS), RFC 3339 (Atom, JSON Feed) and many things
 * in between: two-digit years, missing seconds, time-zone names, no zone at all. A date without a zone
 * is read as UTC so that the result never depends on the worker's own time zone. Undefined when
 * nothing sensible can be read; an item without a date is still an item.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

// Minutes east of UTC. RFC 822's own names, and the few others that are common in feeds and not
// ambiguous (IST and the like are left out: read as UTC, an hour or five wrong beats a wrong day).
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  BST: 60,
  WEST: 60,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

const RFC822 =
  /^(?:[a-z]+,?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})(?:,?\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?\b/i;
const ISO = /^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export function parseFeedDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  // No real date is longer; a megabyte of "date" is not worth a regular expression's time.
  if (text.length > 200) return undefined;
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  const ms = fromIso(t) ?? fromRfc822(t) ?? fromFallback(t);
  if (ms === undefined || Number.isNaN(ms) || ms < EARLIEST || ms > LATEST) return undefined;
  return new Date(ms).toISOString();
}

function fromIso(t: string): number | undefined {
  const m = ISO.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (!validParts(Number(mo), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))) return undefined;
  return utc - offsetMinutes(zone) * 60_000;
}

function fromRfc822(t: string): number | undefined {
  const m = RFC822.exec(t);
  if (!m) return undefined;
  const [, d, mon, y, h, mi, s, zone] = m;
  const month = MONTHS[mon!.toLowerCase()];
  if (month === undefined) return undefined;
  let year = Number(y);
  if (y!.length === 2) year += year < 50 ? 2000 : 1900;
  if (!validParts(month + 1, Number(d), Number(h), Number(mi), Number(s ?? 0))) return undefined;
  return Date.UTC(year, month, Number(d), Number(h), Number(mi), Number(s ?? 0)) - offsetMinutes(zone) * 60_000;
}

function fromFallback(t: string): number | undefined {
  // Date.parse reads zone-less text as local time; say UTC unless the text names a zone itself.
  const withZone = Date.parse(`${t} UTC`);
  if (!Number.isNaN(withZone)) return withZone;
  const plain = Date.parse(t);
  return Number.isNaN(plain) ? undefined : plain;
}

function validParts(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  return ZONES[zone.toUpperCase()] ?? 0;
}
