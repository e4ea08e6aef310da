export interface Span {
  start: number;
  end: number;
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

// Intl.Segmenter ends a sentence after "Mr." and "U.S."; news copy is full of both.
const ABBREVIATION =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Cpl|Maj|Adm|Gov|Sen|Rep|Pres|St|Jr|Sr|Rev|Hon|No|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|approx|[A-Z]|(?:[A-Z]\.){1,3}[A-Z])\.\s*$/;

/**
 * Sentence spans of a text, with offsets into it. A single line break is not a sentence end (feeds
 * and PDFs wrap lines mid-sentence, sometimes mid-name); a blank line is.
 */
export function splitSentences(text: string): Span[] {
  const unwrapped = text.replace(/\r?\n(?:[ \t\u00a0]*\r?\n)*/g, (run) =>
    run.split('\n').length > 2 ? run : ' '.repeat(run.length),
  );
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

/** Sentence segments paragraph by paragraph: the segmenter is slow on long strings. */
function* segments(text: string): Generator<{ segment: string; index: number }> {
  const paragraph = /\n[ \t\u00a0]*\n/g;
  let from = 0;
  for (;;) {
    const m = paragraph.exec(text);
    const to = m ? m.index + m[0].length : text.length;
    for (const seg of sentences.segment(text.slice(from, to))) yield { segment: seg.segment, index: from + seg.index };
    if (!m) return;
    from = to;
  }
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end > start) out.push({ start, end });
}
