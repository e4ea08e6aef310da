import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { FetchError } from '../../../src/sources/fetch-error';
import { readBody } from '../../../src/sources/read-body';

const text = '<rss version="2.0"><channel><title>Compressed</title></channel></rss>'.repeat(20);

function chunked(buf: Buffer, size = 64): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    return err as FetchError;
  }
  throw new Error('expected a failure');
}

describe('readBody', () => {
  test.each<[string, string | undefined, Buffer]>([
    ['identity', undefined, Buffer.from(text)],
    ['identity named', 'identity', Buffer.from(text)],
    ['gzip', 'gzip', zlib.gzipSync(text)],
    ['x-gzip', 'x-gzip', zlib.gzipSync(text)],
    ['deflate (zlib-wrapped)', 'deflate', zlib.deflateSync(text)],
    ['deflate (raw, as some servers send it)', 'deflate', zlib.deflateRawSync(text)],
    ['br', 'br', zlib.brotliCompressSync(text)],
    ['gzip then br', 'gzip, br', zlib.brotliCompressSync(zlib.gzipSync(text))],
    ['upper case', 'GZIP', zlib.gzipSync(text)],
  ])('%s', async (_name, encoding, body) => {
    expect((await readBody(chunked(body), encoding, 1 << 20)).toString()).toBe(text);
  });

  test('a gzip bomb stops at the decompressed limit', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const err = await failure(readBody(chunked(bomb, 16 * 1024), 'gzip', 1024 * 1024));
    expect(err).toBeInstanceOf(FetchError);
    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('decompressed');
  });

  test('a brotli bomb too', async () => {
    const bomb = zlib.brotliCompressSync(Buffer.alloc(32 * 1024 * 1024));
    expect((await failure(readBody(chunked(bomb), 'br', 1024 * 1024))).kind).toBe('too-large');
  });

  test('the raw stream is capped as well', async () => {
    const err = await failure(readBody(chunked(Buffer.alloc(5000)), undefined, 4096));
    expect(err.kind).toBe('too-large');
  });

  test('an unsupported coding is a decode error', async () => {
    const err = await failure(readBody(chunked(Buffer.from(text)), 'compress', 1 << 20));
    expect(err.kind).toBe('decode');
    expect(err.message).toContain('compress');
  });

  test('corrupt gzip fails (classified later as decode)', async () => {
    const err = await failure(readBody(chunked(Buffer.from('definitely not gzip data')), 'gzip', 1 << 20));
    expect((err as unknown as { code: string }).code).toBe('Z_DATA_ERROR');
  });

  test('a gzip stream cut short still yields what arrived', async () => {
    const whole = zlib.gzipSync(text);
    const cut = whole.subarray(0, whole.length - 12);
    const out = (await readBody(chunked(cut), 'gzip', 1 << 20)).toString();
    // Most of the text, not nothing: an empty result would start every string.
    expect(out.length).toBeGreaterThan(text.length / 2);
    expect(text.startsWith(out)).toBe(true);
  });
});
