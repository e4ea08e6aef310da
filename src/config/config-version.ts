import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * A short name for the configuration as loaded: the hash of the files' bytes, so workers started on
 * the same files report the same version whatever their start time.
 */
export function configVersion(files: readonly string[]): string {
  const h = createHash('sha256');
  for (const file of files) h.update(readFileSync(file)).update('\0');
  return h.digest('hex').slice(0, 12);
}
