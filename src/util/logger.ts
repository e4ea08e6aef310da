import { isatty } from 'node:tty';
import pino, { type Logger } from 'pino';
import type { LogFormat } from '../config/env';
import { prettyLogLine } from './log-line';

export type { Logger };

/**
 * One event per line: JSON (for collectors), or the same line made readable (log-line.ts) when a person
 * is watching the terminal. Either way keys are in snake_case (source_id, article_id, job_id). Secrets are redacted
 * wherever they might be attached; watched people's names and ids are never passed to the logger unless
 * the watchlist's settings.logNames is on (see alerts' log fields).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'exilewatch' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'secret',
          'password',
          'url_with_secret',
          'smtp_url',
          'webhook_url',
          'redis_url',
          '*.secret',
          '*.password',
          '*.webhookUrl',
          '*.smtpUrl',
          'headers.authorization',
          'headers["x-exilewatch-signature"]',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? unbreakable(1),
  );
}

export interface LogOutput {
  format: LogFormat;
  /** Colours allowed (NO_COLOR unset); used only on a terminal. */
  color: boolean;
}

/**
 * Where log lines go: standard output (1), or standard error (2) for commands whose standard output is
 * their result. `auto` is readable lines when that descriptor is a terminal, JSON otherwise. The
 * readable form is made in this thread, not in a transport's worker thread, and written by the same
 * stream as JSON lines, which pino flushes at exit: the last lines before an exit are not lost.
 */
export function logDestination(fd: 1 | 2, output: LogOutput): pino.DestinationStream {
  const raw = unbreakable(fd);
  const terminal = isatty(fd);
  if (output.format === 'json' || (output.format === 'auto' && !terminal)) return raw;
  const color = output.color && terminal;
  return { write: (line: string) => void raw.write(prettyLogLine(line, color)) };
}

// A closed terminal (EIO) or pipe must not turn the next log line into a crash mid-shutdown.
function unbreakable(fd: number): pino.DestinationStream {
  const stream = pino.destination(fd);
  stream.on('error', () => undefined);
  return stream;
}
