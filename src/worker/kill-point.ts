import { writeSync } from 'node:fs';

/**
 * Deterministic crash points for the fault suite (`npm run test:faults`). EXILEWATCH_KILL_AT=step:n
 * makes the process SIGKILL itself the n-th time it reaches a named step, so a scenario hits the
 * same window on every run, however fast the machine. Unset, it is never called.
 *
 * step:n:holdMs first says so on stderr and freezes the whole process for holdMs (a hung worker:
 * its locks go unrenewed), so a scenario can start other workers that run beside the doomed one
 * before it dies.
 *
 * Steps: poll:claimed (an article claimed, not yet stored or queued), article:matched (matched,
 * nothing recorded), dispatch:recorded (alert saved, its routes not yet queued), deliver:sent (the
 * channel accepted the message, not yet recorded as sent).
 */
export type KillPoint = (step: string) => Promise<void>;

export function killPointFrom(spec: string | undefined): KillPoint | undefined {
  if (!spec) return undefined;
  const m = /^([a-z]+:[a-z]+):(\d+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new Error(`EXILEWATCH_KILL_AT: "${spec}" is not step:count or step:count:holdMs (for example deliver:sent:1)`);
  const [, step, count, hold] = m;
  let reached = 0;
  return async (at) => {
    if (at !== step || ++reached < Number(count)) return;
    if (hold !== undefined) {
      writeSync(2, `${JSON.stringify({ msg: 'kill point reached', step: at })}\n`);
      // A synchronous sleep: no timer, no lock renewal, no other job runs in this process meanwhile.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(hold));
    }
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL is not handled: nothing after this line runs.
    await new Promise(() => undefined);
  };
}
