import { simpleSentenceEnds } from './simple-sentences';

export interface Span {
  start: number;
  end: number;
}

// Made on first use: most text is split without it (simple-sentences.ts).
let segmenter: Intl.Segmenter | undefined;
const sentences = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' }));

// Intl.Segmenter ends a sentence after "Mr." and "U.S."; news copy is full of both.
const ABBREVIATION =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Cpl|Maj|Adm|Gov|Sen|Rep|Pres|St|Jr|Sr|Rev|Hon|No|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|approx|[A-Z]|(?:[A-Z]\.){1,3}[A-Z])\.\s*$/;

/**
 * Sentence spans of a text, with offsets into it. A single line break is not a sentence end (feeds
 * and PDFs wrap lines mid-sentence, sometimes mid-name); a blank line is.
 */
export function splitSentences(text: string): Span[] {
  const unwrapped = text.replace(/\r?\n(?:[ \t\u00a0]*\r?\n)*/g, (run) => (run.split('\n').length > 2 ? run : ' '.repeat(run.length)));
  const spans: Span[] = [];
  let pendingStart = -1;
  for (const seg of segments(unwrapped)) {
    const start = pendingStart >= 0 ? pendingStart : seg.index;
    const end = seg.index + seg.segment.length;
    if (ABBREVIATION.test(seg.segment) && end < text.length) {
      pendingStart = start;
      continue;
    }
    pendingStart = -1;
    pushTrimmed(text, start, end, spans);
  }
  if (pendingStart >= 0) pushTrimmed(text, pendingStart, text.length, spans);
  return spans;
}

const CHUNK = 8_000;

/** Sentence segments paragraph by paragraph: the segmenter is slow on long strings. */
function* segments(text: string): Generator<{ segment: string; index: number }> {
  const paragraph = /\n[ \t\u00a0]*\n/g;
  let from = 0;
  for (;;) {
    const m = paragraph.exec(text);
    const to = m ? m.index + m[0].length : text.length;
    // A paragraph of many thousand characters goes to the segmenter in pieces cut after a full stop.
    for (let at = from; at < to;) {
      let end = Math.min(to, at + CHUNK);
      if (end < to) {
        const stop = text.lastIndexOf('. ', end);
        end = stop > at + CHUNK / 2 ? stop + 2 : end;
      }
      const piece = text.slice(at, end);
      const ends = simpleSentenceEnds(piece);
      if (ends) {
        let start = 0;
        for (const e of ends) {
          yield { segment: piece.slice(start, e), index: at + start };
          start = e;
        }
      } else for (const seg of sentences().segment(piece)) yield { segment: seg.segment, index: at + seg.index };
      at = end;
    }
    if (!m) return;
    from = to;
  }
}

// A "sentence" longer than this (a list without full stops, a run of letters meant to stall the
// segmenter) is cut into pieces of about this size, at spaces where it has them.
const MAX_SENTENCE = 2_000;

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  while (end - start > MAX_SENTENCE) {
    const space = text.lastIndexOf(' ', start + MAX_SENTENCE);
    let cut = space > start + MAX_SENTENCE / 2 ? space : start + MAX_SENTENCE;
    if (/[\ud800-\udbff]/.test(text[cut - 1] ?? '')) cut--;
    out.push({ start, end: cut });
    start = cut;
    while (start < end && /\s/.test(text[start] ?? '')) start++;
  }
  if (end > start) out.push({ start, end });
}
