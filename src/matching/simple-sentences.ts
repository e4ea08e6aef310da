// The sentence-break classes of Unicode's segmentation rules (UAX #29) for the characters most news
// is written in; UNKNOWN for the rest (other scripts, marks, format characters), left to ICU.
const enum Sb {
  UNKNOWN,
  OTHER,
  SP,
  LF,
  CR,
  LOWER,
  UPPER,
  NUMERIC,
  ATERM,
  STERM,
  CLOSE,
  SCONTINUE,
}

const LATIN_1 = new Uint8Array(0x100);
const mark = (chars: string, sb: Sb): void => {
  for (const c of chars) LATIN_1[c.charCodeAt(0)] = sb;
};
for (let c = 0x20; c < 0x7f; c++) LATIN_1[c] = Sb.OTHER;
for (let c = 0xc0; c < 0x100; c++) LATIN_1[c] = c < 0xdf ? Sb.UPPER : Sb.LOWER;
for (let c = 0xa1; c < 0xc0; c++) LATIN_1[c] = Sb.OTHER;
LATIN_1[0xad] = Sb.UNKNOWN;
mark('×÷', Sb.OTHER);
mark('ªµº', Sb.LOWER);
mark('abcdefghijklmnopqrstuvwxyz', Sb.LOWER);
mark('ABCDEFGHIJKLMNOPQRSTUVWXYZ', Sb.UPPER);
mark('0123456789', Sb.NUMERIC);
mark(' \t\u00a0', Sb.SP);
mark('\n', Sb.LF);
mark('\r', Sb.CR);
mark('.', Sb.ATERM);
mark('!?', Sb.STERM);
mark('"\'()[]{}«»', Sb.CLOSE);
mark(',-:;', Sb.SCONTINUE);

function classOf(code: number): Sb {
  if (code < 0x100) return LATIN_1[code] as Sb;
  switch (code) {
    case 0x2018: // ‘ ’ ‚ “ ” „
    case 0x2019:
    case 0x201a:
    case 0x201c:
    case 0x201d:
    case 0x201e:
      return Sb.CLOSE;
    case 0x2013: // – —
    case 0x2014:
      return Sb.SCONTINUE;
    case 0x2026: // …
      return Sb.OTHER;
    default:
      return Sb.UNKNOWN;
  }
}

const isTerm = (sb: Sb): boolean => sb === Sb.ATERM || sb === Sb.STERM;

/**
 * Where `Intl.Segmenter`'s sentences end in a text of these characters: the offsets after each
 * sentence, the last one the text's length. Undefined when the text holds any other character.
 * The same rules (SB3-SB11), without creating a segmenter, whose first creation makes V8 list every
 * locale ICU has: more than the rest of matching one article (test/unit/matching/simple-sentences.test.ts
 * compares the two).
 */
export function simpleSentenceEnds(text: string): number[] | undefined {
  const n = text.length;
  const sb = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = classOf(text.charCodeAt(i));
    if (c === Sb.UNKNOWN) return undefined;
    sb[i] = c;
  }
  const ends: number[] = [];
  let i = 0;
  while (i < n) {
    const c = sb[i] as Sb;
    // SB4: a paragraph separator ends its sentence (SB3: CR LF is one).
    if (c === Sb.CR || c === Sb.LF) {
      i += c === Sb.CR && sb[i + 1] === Sb.LF ? 2 : 1;
      ends.push(i);
      continue;
    }
    if (!isTerm(c)) {
      i++;
      continue;
    }
    const next = sb[i + 1] as Sb | undefined;
    // SB6: "3.5"; SB7: "U.S".
    if (c === Sb.ATERM && (next === Sb.NUMERIC || (next === Sb.UPPER && i > 0 && (sb[i - 1] === Sb.UPPER || sb[i - 1] === Sb.LOWER)))) {
      i++;
      continue;
    }
    // SB9, SB10: closing punctuation, then spaces, then one paragraph separator stay with the sentence.
    let k = i + 1;
    while (k < n && sb[k] === Sb.CLOSE) k++;
    while (k < n && sb[k] === Sb.SP) k++;
    if (k < n && (sb[k] === Sb.CR || sb[k] === Sb.LF)) {
      k += sb[k] === Sb.CR && sb[k + 1] === Sb.LF ? 2 : 1;
      ends.push(k);
      i = k;
      continue;
    }
    if (k >= n) break;
    // SB8a: a comma, dash or another full stop continues it.
    if (sb[k] === Sb.SCONTINUE || isTerm(sb[k] as Sb)) {
      i = k;
      continue;
    }
    // SB8: after a full stop, a lower-case word ahead (before any other letter or end) continues it.
    if (c === Sb.ATERM) {
      let j = k;
      while (j < n && !isStop(sb[j] as Sb)) j++;
      if (j < n && sb[j] === Sb.LOWER) {
        i = k;
        continue;
      }
    }
    // SB11.
    ends.push(k);
    i = k;
  }
  if (ends[ends.length - 1] !== n && n > 0) ends.push(n);
  return ends;
}

/** What SB8 looks for: a letter, a paragraph separator or a sentence terminator. */
function isStop(sb: Sb): boolean {
  return sb === Sb.LOWER || sb === Sb.UPPER || sb === Sb.LF || sb === Sb.CR || isTerm(sb);
}
