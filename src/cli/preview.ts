import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writePreview, type PreviewKind } from '../alerts/preview';
import { UserError } from './user-error';

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'part of the path is a file, not a directory',
  // mkdir of a directory where a file of that name stands.
  EEXIST: 'part of the path is a file, not a directory',
  ENOENT: 'files cannot be created there',
  EISDIR: 'it is a directory',
  ENOSPC: 'no space left on the device',
};

/** `--out` names a file, or a directory (existing, or written with a trailing /) to put `alert.html` in. */
export function previewPath(out: string, kind: PreviewKind, redacted: boolean): string {
  let dir = out.endsWith('/');
  try {
    dir ||= statSync(out).isDirectory();
  } catch {
    // Not there yet: a file to create.
  }
  return resolve(dir ? join(out, `${kind}${redacted ? '-redacted' : ''}.html`) : out);
}

/** `exilewatch preview`: writes the sample and returns where; a path it cannot write is one line, exit 1. */
export async function runPreview(kind: PreviewKind, out: string, redacted: boolean): Promise<string> {
  const file = previewPath(out, kind, redacted);
  try {
    return await writePreview(kind, file, { redact: redacted });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = (e.code && WHY[e.code]) ?? e.code;
    if (!why) throw err;
    throw new UserError(`cannot write ${file}: ${why}${e.path && resolve(e.path) !== file ? ` (${e.path})` : ''}; choose another place with --out`);
  }
}
