import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout this code runs from, where config/ and seeds/ are: found by walking up, since the
 * compiled file (dist/src/demo) and the source (src/demo) sit at different depths.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'exilewatch') return dir;
    if (dirname(dir) === dir) throw new Error(`no exilewatch package.json above ${from}`);
  }
}
