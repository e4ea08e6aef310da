import type { Evidence, Highlight } from '../alert';
import { cleanText } from './clean-text';

/** A run of evidence text, marked when the watchlist matched it. */
export interface Segment {
  text: string;
  mark?: Highlight['kind'];
}

/** Longest evidence text shown, in characters: a sentence-window can be long, a phone screen is not. */
export const EVIDENCE_MAX_CHARS = 700;

/**
 * Cuts an evidence sentence into plain and highlighted runs, cleaned for display. Highlights arrive as
 * offsets from the matching stage; ones that overlap are merged (the first one's kind wins), ones out of
 * range are dropped, so no offset can make a renderer show text that is not in the evidence.
 */
export function highlightSegments(evidence: Evidence, maxChars = EVIDENCE_MAX_CHARS): Segment[] {
  const { text } = evidence;
  const spans = mergedSpans(evidence.highlights, text.length);
  // Keep the first highlight on screen when the sentence must be cut: start a little before it.
  const first = spans[0]?.start ?? 0;
  const from = text.length <= maxChars ? 0 : Math.max(0, Math.min(first - Math.floor(maxChars / 4), text.length - maxChars));
  const to = Math.min(text.length, from + maxChars);

  const raw: Segment[] = [];
  let at = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue;
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (start > at) raw.push({ text: text.slice(at, start) });
    raw.push({ text: text.slice(start, end), mark: s.kind });
    at = end;
  }
  if (at < to) raw.push({ text: text.slice(at, to) });
  if (from > 0) raw.unshift({ text: '… ' });
  if (to < text.length) raw.push({ text: ' …' });
  return tidy(raw);
}

function mergedSpans(highlights: readonly Highlight[], length: number): Highlight[] {
  const valid = highlights
    .filter((h) => Number.isInteger(h.start) && Number.isInteger(h.end) && h.start >= 0 && h.end <= length && h.start < h.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Highlight[] = [];
  for (const h of valid) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else out.push({ ...h });
  }
  return out;
}

/**
 * Cleans each run and the seams between them: one space at most, none at either end, and none at the
 * edges of a mark (a highlighted space looks like a rendering fault, and breaks Slack's *bold*).
 */
function tidy(raw: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of raw.flatMap(unpadMark)) {
    let t = cleanText(seg.text);
    const prev = out[out.length - 1];
    if ((!prev || prev.text.endsWith(' ')) && t.startsWith(' ')) t = t.slice(1);
    if (t === '') continue;
    if (prev && !prev.mark && !seg.mark) prev.text += t;
    else out.push(seg.mark ? { text: t, mark: seg.mark } : { text: t });
  }
  const last = out[out.length - 1];
  if (last) {
    last.text = last.text.trimEnd();
    if (last.text === '') out.pop();
  }
  return out;
}

function unpadMark(seg: Segment): Segment[] {
  if (!seg.mark) return [seg];
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(seg.text)!;
  const parts: Segment[] = [];
  if (m[1]) parts.push({ text: m[1] });
  if (m[2]) parts.push({ text: m[2], mark: seg.mark });
  if (m[3]) parts.push({ text: m[3] });
  return parts;
}

/** The evidence as one plain string, highlights unmarked. */
export function plainEvidence(evidence: Evidence, maxChars = EVIDENCE_MAX_CHARS): string {
  return highlightSegments(evidence, maxChars)
    .map((s) => s.text)
    .join('');
}
