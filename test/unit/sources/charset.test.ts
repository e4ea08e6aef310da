import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { charsetFromContentType, decodeBody, detectCharset, normaliseCharset, stripXmlEncoding, type CharsetSource } from '../../../src/sources/charset';

const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '../../fixtures/feeds', name));
const xml = (encoding: string, body: string): string => `<?xml version="1.0" encoding="${encoding}"?><rss><title>${body}</title></rss>`;

describe('detectCharset', () => {
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<rss/>', 'utf-16le')]);
  test.each<[string, Buffer, string | undefined, string, CharsetSource]>([
    ['UTF-8 BOM', Buffer.from('\ufeff<rss/>', 'utf8'), 'text/xml; charset=iso-8859-1', 'utf-8', 'bom'],
    ['UTF-16LE BOM', utf16le, undefined, 'utf-16le', 'bom'],
    ['UTF-16BE BOM', Buffer.from([0xfe, 0xff, 0, 0x3c, 0, 0x72]), undefined, 'utf-16be', 'bom'],
    ['UTF-32LE BOM', Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]), undefined, 'utf-32le', 'bom'],
    ['UTF-32BE BOM', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x3c]), undefined, 'utf-32be', 'bom'],
    ['UTF-16LE without BOM', iconv.encode(xml('utf-16', 'x'), 'utf-16le'), 'text/xml; charset=utf-8', 'utf-16le', 'xml-declaration'],
    ['UTF-16BE without BOM or declaration', iconv.encode('<rss/>', 'utf-16be'), undefined, 'utf-16be', 'byte-pattern'],
    ['UTF-32LE without BOM', iconv.encode('<rss/>', 'utf-32le'), undefined, 'utf-32le', 'byte-pattern'],
    ['HTTP charset beats the declaration', Buffer.from(xml('utf-8', 'x')), 'application/rss+xml; charset=windows-1251', 'windows-1251', 'http'],
    ['quoted HTTP charset', Buffer.from('<rss/>'), 'text/xml; charset="koi8-r"', 'koi8-r', 'http'],
    ['XML declaration', Buffer.from(xml('ISO-8859-15', 'x')), 'text/xml', 'iso-8859-15', 'xml-declaration'],
    ['single-quoted declaration', Buffer.from("<?xml version='1.0' encoding='Shift_JIS'?><rss/>"), undefined, 'shift_jis', 'xml-declaration'],
    ['HTML meta charset', Buffer.from('<html><head><meta charset="windows-1250"></head></html>'), 'text/html', 'windows-1250', 'html-meta'],
    [
      'HTML http-equiv',
      Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head></html>'),
      undefined,
      'euc-kr',
      'html-meta',
    ],
    ['unknown HTTP label falls through', Buffer.from(xml('windows-1252', 'x')), 'text/xml; charset=bogus', 'windows-1252', 'xml-declaration'],
    ['unknown labels everywhere: UTF-8', Buffer.from(xml('klingon', 'caf\u00e9')), 'text/xml; charset=x-nonsense', 'utf-8', 'default'],
    ['a UTF-16 label on ASCII bytes is ignored', Buffer.from(xml('utf-16', 'x')), undefined, 'utf-8', 'default'],
    ['undeclared and not UTF-8: windows-1252', Buffer.from([0x3c, 0x61, 0x3e, 0x93, 0x94, 0x3c, 0x2f, 0x61, 0x3e]), undefined, 'windows-1252', 'default'],
    ['undeclared UTF-8', Buffer.from('<a>caf\u00e9</a>'), undefined, 'utf-8', 'default'],
  ])('%s', (_name, body, contentType, charset, source) => {
    expect(detectCharset(body, contentType)).toEqual({ charset, source });
  });
});

describe('decodeBody', () => {
  test('a header that says UTF-8 for windows-1252 bytes is passed over, and says so', () => {
    const body = Buffer.from([0x93, ...Buffer.from('Sam Rainsy'), 0x94, 0x20, 0x96, 0x20, 0x80]);
    const r = decodeBody(body, 'text/xml; charset=utf-8');
    expect(r).toMatchObject({ text: '“Sam Rainsy” – €', charset: 'windows-1252', source: 'default', ignored: 'http: utf-8' });
    expect(decodeBody(Buffer.from('“Sam Rainsy”'), 'text/xml; charset=utf-8')).toMatchObject({ charset: 'utf-8', source: 'http' });
  });

  test('windows-1252 curly quotes, dash and euro survive (TextDecoder would give C1 controls)', () => {
    const { text, charset } = decodeBody(fixture('windows-1252.xml'));
    expect(charset).toBe('windows-1252');
    expect(text).toContain('\u201cExil\u201d \u2013 caf\u00e9 fined \u20ac50');
    expect(text).toContain('caf\u00e9\u2019s owner');
    expect(text).not.toMatch(/[\u0080-\u009f]/);
  });

  test('ISO-8859-1 and US-ASCII labels are read as windows-1252', () => {
    const body = Buffer.concat([Buffer.from('<a>'), Buffer.from([0x93, 0x80, 0x94]), Buffer.from('</a>')]);
    expect(decodeBody(body, 'text/xml; charset=ISO-8859-1').text).toBe('<a>\u201c\u20ac\u201d</a>');
    expect(decodeBody(body, 'text/xml; charset=us-ascii').text).toBe('<a>\u201c\u20ac\u201d</a>');
  });

  test('UTF-16 feed with BOM decodes, BOM dropped', () => {
    const { text, charset } = decodeBody(fixture('utf16le.xml'));
    expect(charset).toBe('utf-16le');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('\u0416\u0443\u0440\u043d\u0430\u043b\u0438\u0441\u0442');
  });

  test('the declaration no longer names the old encoding', () => {
    const { text } = decodeBody(fixture('windows-1252.xml'));
    expect(text.startsWith('<?xml version="1.0"?>')).toBe(true);
  });

  test('invalid UTF-8 under a UTF-8 label is read as windows-1252, not as U+FFFD or an exception', () => {
    const body = Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0xfd, 0x3c, 0x2f, 0x61, 0x3e]);
    expect(decodeBody(body, 'text/xml; charset=utf-8').text).toBe('<a>ÿþý</a>');
  });
});

describe('labels', () => {
  test.each([
    ['UTF-8', 'utf-8'],
    ['utf8', 'utf-8'],
    ['"windows-1252"', 'windows-1252'],
    ['latin1', 'windows-1252'],
    ['GB2312', 'gb18030'],
    ['x-sjis', 'shift_jis'],
    ['bogus', undefined],
    ['', undefined],
  ])('%j → %j', (label, charset) => {
    expect(normaliseCharset(label)).toBe(charset);
  });

  test('charsetFromContentType', () => {
    expect(charsetFromContentType('text/xml; charset=UTF-8')).toBe('UTF-8');
    expect(charsetFromContentType('text/xml;charset= "us-ascii"')).toBe('"us-ascii"');
    expect(charsetFromContentType('text/xml')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });

  test('stripXmlEncoding only touches the declaration', () => {
    expect(stripXmlEncoding(`<?xml version="1.0" encoding='UTF-16' standalone="yes"?><a encoding="x"/>`)).toBe(
      `<?xml version="1.0" standalone="yes"?><a encoding="x"/>`,
    );
  });
});
