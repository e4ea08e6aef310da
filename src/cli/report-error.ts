import { ConfigError } from '../config/errors';
import { EnvError } from '../config/env';
import { RedisUnavailableError } from '../queue/redis-unavailable';
import { forTerminal } from '../util/terminal-text';
import { UserError } from './user-error';

/**
 * A mistake the user can fix, as one line on stderr and a non-zero exit code, never a stack trace.
 * False for anything else: the caller rethrows it.
 */
export function reportError(err: unknown): boolean {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 1;
    return true;
  }
  if (err instanceof UserError || err instanceof EnvError || err instanceof RedisUnavailableError) {
    console.error(`exilewatch: ${forTerminal(err.message)}`);
    process.exitCode = err instanceof UserError ? err.exitCode : 1;
    return true;
  }
  return false;
}
