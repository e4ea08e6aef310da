import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Running {
  proc: ChildProcess;
  /** Everything it has written so far, standard output and error together. */
  out: () => string;
}

/** `exilewatch ARGS` in a process of its own, its output collected, for tests that watch a worker run. */
export function startExilewatch(args: string[], env: Record<string, string>): Running {
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return { proc, out: () => out };
}

/** The value `get` gives once it gives one, polled every 100 ms; throws, naming `what`, after `ms`. */
export async function until<T>(what: string, get: () => T | undefined | Promise<T | undefined>, ms = 25000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', (code) => resolve(code))));
}
