import type IconvLite from 'iconv-lite';

// Loaded for the first label or legacy charset: UTF-8 text, most of what `match` reads, needs no tables.
let loaded: typeof IconvLite | undefined;
const iconvLite = (): typeof IconvLite => (loaded ??= require('iconv-lite') as typeof IconvLite);

/**
 * Bytes to text, choosing the charset the way XML and HTML processors do. iconv-lite does the decoding:
 * Node's TextDecoder turns windows-1252 bytes 0x80–0x9F into C1 controls, so "€", "“" and "”" in
 * legacy-encoded feeds would be lost.
 *
 * Order: byte-order mark → HTTP Content-Type charset → XML declaration → UTF-16/32 byte pattern →
 * HTML meta charset → UTF-8, or windows-1252 when the bytes are not valid UTF-8. A label that names no
 * charset iconv-lite knows is skipped, never fatal. Content-Type text/xml without a charset means
 * "look inside" (RFC 7303), not US-ASCII as RFC 3023 had it.
 */
export type CharsetSource = 'bom' | 'byte-pattern' | 'http' | 'xml-declaration' | 'html-meta' | 'default';

export interface DecodedText {
  text: string;
  /** Canonical name of the charset used. */
  charset: string;
  source: CharsetSource;
  /** A declared charset passed over because the bytes are not in it ("http: utf-8"). */
  ignored?: string;
}

const UTF_WIDE = /^utf-?(16|32)/;

// Labels whose WHATWG meaning is a superset charset: servers that say ISO-8859-1 or US-ASCII almost
// always mean windows-1252, and GB2312 text is routinely GBK.
const ALIASES: Record<string, string> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  'x-cp1252': 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  ms_kanji: 'shift_jis',
  'x-mac-roman': 'macintosh',
  'x-euc-jp': 'euc-jp',
};

/** The canonical charset for a label, or undefined when the label names nothing iconv-lite decodes. */
export function normaliseCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const clean = label
    .trim()
    .replace(/^["']+|["']+$/g, '')
    .trim()
    .toLowerCase();
  if (clean === '') return undefined;
  const name = ALIASES[clean] ?? clean;
  return iconvLite().encodingExists(name) ? name : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*("[^"]*"?|'[^']*'?|[^;\s]*)/i.exec(contentType ?? '');
  return m?.[1];
}

function fromBom(b: Buffer): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32be';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * UTF-16 and UTF-32 without a BOM, recognised by where the zero bytes of the opening ASCII characters
 * ("<?xml", "<rss", whitespace) fall: no ASCII-compatible charset puts NULs there.
 */
function fromBytePattern(b: Buffer): string | undefined {
  if (b.length < 4) return undefined;
  const [b0, b1, b2, b3] = [b[0]!, b[1]!, b[2]!, b[3]!];
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return 'utf-32be';
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return 'utf-32le';
  if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return 'utf-16be';
  if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return 'utf-16le';
  return undefined;
}

const XML_DECLARATION_ENCODING = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']?([A-Za-z0-9._:-]+)/;
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

/**
 * A declared label applies only if it fits the bytes: a document that says "UTF-16" but has no wide
 * byte pattern was written in an ASCII-compatible charset (usually UTF-8) and labelled wrongly.
 */
function usable(label: string | undefined, wide: string | undefined): string | undefined {
  const name = normaliseCharset(label);
  if (name === undefined) return undefined;
  if (UTF_WIDE.test(name) !== (wide !== undefined)) return undefined;
  return wide ?? name;
}

export function detectCharset(body: Buffer, contentType?: string): { charset: string; source: CharsetSource; ignored?: string } {
  const bom = fromBom(body);
  if (bom !== undefined) return { charset: bom, source: 'bom' };
  const wide = fromBytePattern(body);

  const http = usable(charsetFromContentType(contentType), wide);
  // A server that says UTF-8 for bytes that are not (windows-1252 is the usual truth) would give text
  // full of U+FFFD: the declaration is passed over, and the document's own or the default is used.
  const falseUtf8 = http === 'utf-8' && !isUtf8(body);
  if (http !== undefined && !falseUtf8) return { charset: http, source: 'http' };
  const ignored = falseUtf8 ? { ignored: 'http: utf-8' } : {};

  // Declarations are ASCII; in a wide charset they are read after dropping the zero bytes.
  const head = wide === undefined ? body.subarray(0, 2048).toString('latin1') : iconvLite().decode(body.subarray(0, 4096), wide);
  const xml = usable(XML_DECLARATION_ENCODING.exec(head)?.[1], wide);
  if (xml !== undefined && !(falseUtf8 && xml === 'utf-8')) return { charset: xml, source: 'xml-declaration', ...ignored };
  if (wide !== undefined) return { charset: wide, source: 'byte-pattern', ...ignored };

  const meta = usable(META_CHARSET.exec(body.subarray(0, 4096).toString('latin1'))?.[1], undefined);
  if (meta !== undefined && !(falseUtf8 && meta === 'utf-8')) return { charset: meta, source: 'html-meta', ...ignored };
  // Undeclared and not UTF-8: the legacy charset most such feeds use, rather than a text of U+FFFD.
  return { charset: isUtf8(body) ? 'utf-8' : 'windows-1252', source: 'default', ...ignored };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(body: Buffer): boolean {
  try {
    STRICT_UTF8.decode(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a body to text. The XML declaration's encoding is removed from the result: the text is now
 * Unicode, and a parser that still read encoding="windows-1252" could decode it a second time.
 */
const UTF8_DECODER = new TextDecoder('utf-8');

export function decodeBody(body: Buffer, contentType?: string): DecodedText {
  const { charset, source, ignored } = detectCharset(body, contentType);
  // UTF-8, the common case, needs no charset tables: the platform decoder replaces bad bytes the same way.
  let text = charset === 'utf-8' ? UTF8_DECODER.decode(body) : iconvLite().decode(body, charset, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text: stripXmlEncoding(text), charset, source, ...(ignored ? { ignored } : {}) };
}

export function stripXmlEncoding(text: string): string {
  return text.replace(/^(\s*<\?xml\s[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/, '$1');
}
