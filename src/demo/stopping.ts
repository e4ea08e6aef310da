import { within } from '../util/within';

// The servers here are local and their jobs short; a stop that takes longer is not worth waiting for.
const STOP_LIMIT_MS = 10_000;

/** Thrown by a step that finds the demo interrupted or out of time: what is started is let go. */
export class Halted extends Error {
  constructor(readonly why: 'interrupted' | 'late') {
    super(why);
    this.name = 'Halted';
  }
}

/**
 * What the demo has started, let go in the reverse order of starting: the worker before the servers it
 * talks to, Redis after the worker, and its files last.
 */
export class Resources {
  private readonly closers: Array<() => Promise<void>> = [];

  add(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async stopAll(): Promise<void> {
    for (const close of this.closers.splice(0).reverse())
      await within(
        STOP_LIMIT_MS,
        close().catch(() => undefined),
      );
  }
}

/** How a step learns that the demo is to stop: `check` between steps, `racing` around a long wait. */
export interface Halting {
  check(): void;
  racing<T>(step: Promise<T>): Promise<T>;
  dispose(): void;
}

/**
 * Ctrl-C (`requested`) or the time limit: the step under way finishes (a server cannot be half
 * started), a long wait is given up, and no further step begins.
 */
export function halting(requested: Promise<unknown>, limitMs: number): Halting {
  let timer: NodeJS.Timeout | undefined;
  let halted: Halted | undefined;
  const halt = Promise.race([
    requested.then(() => new Halted('interrupted')),
    new Promise<Halted>((resolve) => (timer = setTimeout(() => resolve(new Halted('late')), limitMs))),
  ]).then((h) => (halted = h));
  return {
    check() {
      if (halted) throw halted;
    },
    async racing<T>(step: Promise<T>): Promise<T> {
      // A step given up may fail later, as what it waits on stops: that is part of stopping.
      step.catch(() => undefined);
      const first = await Promise.race([step, halt]);
      if (first instanceof Halted) throw first;
      return first;
    },
    dispose: () => clearTimeout(timer),
  };
}
