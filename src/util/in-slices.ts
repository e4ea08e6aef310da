import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * `items.map(fn)` that gives the event loop a turn after every `slice` items. A feed of hundreds of
 * long items is seconds of HTML cleaning in one go otherwise; meanwhile BullMQ cannot renew its job
 * locks (another worker takes the job as stalled) and /healthz does not answer.
 */
export async function mapInSlices<T, U>(items: readonly T[], fn: (item: T) => U, slice = 25): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % slice === 0) await nextTurn();
    out.push(fn(items[i] as T));
  }
  return out;
}
