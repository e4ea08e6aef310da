import { Writable } from 'node:stream';
import pino from 'pino';
import { onShutdownSignals, type Shutdown } from '../../../src/worker/shutdown-signals';

// Signals are delivered with process.emit: the handlers run as for a real signal, and jest's own
// process is never at risk of being stopped.

function recorder() {
  const lines: Array<{ msg: string; signal?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { msg: string; signal?: string });
      done();
    },
  });
  return { log: pino(sink), lines };
}

let shutdown: Shutdown | undefined;
afterEach(() => shutdown?.dispose());

test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s asks for the ordered shutdown and says so', async (signal) => {
  const { log, lines } = recorder();
  const exits: number[] = [];
  shutdown = onShutdownSignals(log, { forceExit: (code) => exits.push(code) });
  process.emit(signal, signal);
  await expect(shutdown.requested).resolves.toBe(signal);
  expect(exits).toEqual([]);
  expect(lines.map((l) => [l.msg, l.signal])).toEqual([['shutting down; press Ctrl-C again to stop at once', signal]]);
});

test('a second Ctrl-C forces the exit, but not the copy npm forwards of the first one', async () => {
  const { log, lines } = recorder();
  const exits: number[] = [];
  let now = 1000;
  shutdown = onShutdownSignals(log, { forceExit: (code) => exits.push(code), now: () => now });
  process.emit('SIGINT', 'SIGINT');
  now += 20;
  process.emit('SIGINT', 'SIGINT');
  expect(exits).toEqual([]);
  now += 3000;
  process.emit('SIGINT', 'SIGINT');
  expect(exits).toEqual([130]);
  await expect(shutdown.requested).resolves.toBe('SIGINT');
  expect(lines.at(-1)?.msg).toMatch(/^stopping at once/);
});

test('once disposed, the handlers are gone', () => {
  const { log } = recorder();
  const before = process.listenerCount('SIGHUP');
  shutdown = onShutdownSignals(log);
  expect(process.listenerCount('SIGHUP')).toBe(before + 1);
  shutdown.dispose();
  expect(process.listenerCount('SIGHUP')).toBe(before);
});
