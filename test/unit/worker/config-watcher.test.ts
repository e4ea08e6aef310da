import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchConfigFiles, type ConfigWatcher } from '../../../src/worker/config-watcher';
import { saveByRename } from '../../helpers/config-files';

let watcher: ConfigWatcher | undefined;
afterEach(() => watcher?.close());

/** Resolves at the next call of the watcher's callback. */
function watching(files: string[]): { next: () => Promise<void> } {
  let resolve: () => void = () => undefined;
  let pending = new Promise<void>((r) => (resolve = r));
  watcher = watchConfigFiles(
    files,
    () => {
      resolve();
      pending = new Promise<void>((r) => (resolve = r));
    },
    { debounceMs: 50 },
  );
  return { next: () => pending };
}

test('a file written in place is seen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-watch-'));
  const file = join(dir, 'watchlist.yaml');
  writeFileSync(file, 'version: 1\n');
  const w = watching([file]);
  writeFileSync(file, 'version: 1\npeople: []\n');
  await w.next();
});

test('a file saved by renaming a new one over it is seen, and so is the next save', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'exilewatch-watch-'));
  const watchlist = join(dir, 'watchlist.yaml');
  const feeds = join(dir, 'feeds.yaml');
  writeFileSync(watchlist, 'version: 1\n');
  writeFileSync(feeds, 'version: 1\n');
  const w = watching([watchlist, feeds]);
  saveByRename(watchlist, 'version: 1\npeople: []\n');
  await w.next();
  // A watch on the file itself would follow the replaced inode and miss this one.
  saveByRename(watchlist, 'version: 1\npeople: []\nsignals: []\n');
  await w.next();
  saveByRename(feeds, 'version: 1\nsources: []\n');
  await w.next();
});

test('a directory that does not exist is reported, not thrown', () => {
  const errors: string[] = [];
  watcher = watchConfigFiles([join(tmpdir(), 'exilewatch-no-such-dir', 'watchlist.yaml')], () => undefined, {
    onError: (err, dir) => errors.push(`${dir}: ${(err as NodeJS.ErrnoException).code}`),
  });
  expect(errors).toEqual([`${join(tmpdir(), 'exilewatch-no-such-dir')}: ENOENT`]);
});
