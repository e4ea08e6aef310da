import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const OURS = /^\d{2}-(email|digest|webhook)\.(html|json)$/;

/**
 * Where the demo keeps what arrived, numbered in the order it arrived. What an earlier demo saved there
 * is removed first — and only that: the directory may be one the user named, holding other files.
 */
export class SavedFiles {
  private count = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) if (OURS.test(name)) rmSync(join(dir, name), { force: true });
  }

  /** Writes the next file and returns its path as the user will type it. */
  save(kind: 'email' | 'digest' | 'webhook', text: string): string {
    const file = join(this.dir, `${String(++this.count).padStart(2, '0')}-${kind}.${kind === 'webhook' ? 'json' : 'html'}`);
    writeFileSync(file, text);
    return shown(file);
  }

  get shownDir(): string {
    return shown(this.dir);
  }
}

/** Relative to the working directory when inside it, absolute otherwise. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
