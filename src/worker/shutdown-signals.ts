import type { Logger } from '../util/logger';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ShutdownSignal = (typeof SIGNALS)[number];

// `npm start` forwards the terminal's Ctrl-C to the worker, which has already had it from the
// terminal: two signals this close together are one keypress, not a second request to hurry.
const SAME_PRESS_MS = 1000;

export interface ShutdownOptions {
  /** Ends the process at once; the embedded Redis is stopped by its exit hook. */
  forceExit?: (code: number) => void;
  now?: () => number;
}

export interface Shutdown {
  /** Settles with the first signal: the caller then lets go in order. */
  requested: Promise<ShutdownSignal>;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Ctrl-C, SIGTERM (Docker, systemd) and SIGHUP (the terminal closed) all ask for the ordered
 * shutdown; a second Ctrl-C, or any second signal, forces the exit. Installed before anything is
 * started, so that no signal can end the process with its embedded Redis still running.
 */
export function onShutdownSignals(log: Logger, options: ShutdownOptions = {}): Shutdown {
  const forceExit = options.forceExit ?? ((code: number) => process.exit(code));
  const now = options.now ?? (() => Date.now());
  let first: number | undefined;
  let stop: (signal: ShutdownSignal) => void = () => undefined;
  const requested = new Promise<ShutdownSignal>((resolve) => (stop = resolve));
  const handler = (signal: ShutdownSignal): void => {
    if (signal === 'SIGHUP') quietBrokenTerminal();
    if (first === undefined) {
      first = now();
      log.info({ signal }, 'shutting down; press Ctrl-C again to stop at once');
      stop(signal);
      return;
    }
    if (now() - first < SAME_PRESS_MS) return;
    log.warn({ signal }, 'stopping at once: unfinished jobs go back to the queue when their locks expire');
    forceExit(130);
  };
  const handlers = SIGNALS.map((signal) => [signal, () => handler(signal)] as const);
  for (const [signal, h] of handlers) process.on(signal, h);
  return {
    requested,
    dispose: () => {
      for (const [signal, h] of handlers) process.removeListener(signal, h);
    },
  };
}

/** After a hang-up, writes to the terminal fail (EIO): they must not end the shutdown half-way. */
function quietBrokenTerminal(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
  }
}
