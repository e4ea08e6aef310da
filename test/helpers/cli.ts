import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built command line (dist/, built by `npm test` before jest starts) as a user would. */
export function exilewatch(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    timeout: 20000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
