import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface ConfigWatcher {
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` is called: an editor's save is several events. */
  debounceMs?: number;
  /** A watch that stops working (its directory removed, too many watches): reload then needs the command. */
  onError?: (err: Error, dir: string) => void;
}

const DEBOUNCE_MS = 300;

/**
 * Calls `onChange` once things settle after any of `files` changes. The directories are watched, not
 * the files: editors that save by writing a new file and renaming it over the old one (vim, many
 * IDEs, `sed -i`) replace the file a file watch would follow, and its watch would go deaf. Names
 * starting with `..` count too: that is how a Kubernetes ConfigMap volume swaps its files in. Polling
 * (`fs.watchFile`) is not used: a change would wait for the next poll, on every worker, for ever.
 */
export function watchConfigFiles(files: readonly string[], onChange: () => void, options: WatchOptions = {}): ConfigWatcher {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const path = resolve(file);
    const names = byDir.get(dirname(path)) ?? new Set<string>();
    names.add(basename(path));
    byDir.set(dirname(path), names);
  }
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs ?? DEBOUNCE_MS);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms do not say which file changed: then any change may be ours.
        if (name === null || names.has(name) || name.startsWith('..')) changed();
      });
      w.on('error', (err) => {
        w.close();
        options.onError?.(err, dir);
      });
      watchers.push(w);
    } catch (err) {
      options.onError?.(err as Error, dir);
    }
  }
  return {
    close: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
