import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchError } from './fetch-error';

/**
 * Reads a response body whole, undoing its Content-Encoding, and stops as soon as either the bytes on
 * the wire or the bytes after decompression pass `maxBytes`: a small gzip bomb must not become gigabytes
 * in memory, and a server that never stops sending must not fill it either.
 */
export async function readBody(raw: Readable, contentEncoding: string | undefined, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  const decoders = decodersFor(contentEncoding);
  const chunks: Buffer[] = [];
  let total = 0;
  const collect = new Writable({
    write(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > maxBytes) return done(tooLarge(maxBytes, decoders.length > 0 ? 'decompressed' : 'received'));
      chunks.push(chunk);
      done();
    },
  });
  const streams = [raw, byteLimit(maxBytes), ...decoders, collect] as const;
  await pipeline(streams, signal === undefined ? {} : { signal });
  return Buffer.concat(chunks, total);
}

function tooLarge(maxBytes: number, what: string): FetchError {
  return new FetchError('too-large', `response body ${what} more than ${maxBytes} bytes`);
}

/** Counts raw bytes as they arrive; errors once past the limit. */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(tooLarge(maxBytes, 'received'));
      done(null, chunk);
    },
  });
}

/** Decoders for a Content-Encoding list, outermost first (codings are listed in the order applied). */
export function decodersFor(contentEncoding: string | undefined): Transform[] {
  if (contentEncoding === undefined) return [];
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return codings.reverse().map(decoderFor);
}

function decoderFor(coding: string): Transform {
  // Flushing leniently: many servers cut the last block of a gzip stream short, and the bytes that
  // did arrive are still the feed.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      return new AutoInflate();
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new FetchError('decode', `unsupported Content-Encoding: ${coding}`);
  }
}

/**
 * HTTP "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the first two bytes
 * tell them apart (a zlib header has compression method 8 and a checksum divisible by 31).
 */
class AutoInflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.inner === undefined) {
      const b0 = chunk[0] ?? 0;
      const b1 = chunk[1] ?? 0;
      const zlibHeader = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
      const inner = zlibHeader ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
      inner.on('data', (d: Buffer) => this.push(d));
      inner.on('error', (e) => this.destroy(e));
      this.inner = inner;
    }
    if (this.inner.write(chunk)) done();
    else this.inner.once('drain', () => done());
  }

  override _flush(done: TransformCallback): void {
    if (this.inner === undefined) return done();
    this.inner.once('end', () => done());
    this.inner.end();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }
}
