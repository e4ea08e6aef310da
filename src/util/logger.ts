import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event, keys in snake_case (source_id, article_id, job_id). Secrets are redacted
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

/** Log lines on standard error, for commands whose standard output is their result. */
export function toStderr(): pino.DestinationStream {
  return unbreakable(2);
}

// A closed terminal (EIO) or pipe must not turn the next log line into a crash mid-shutdown.
function unbreakable(fd: number): pino.DestinationStream {
  const stream = pino.destination(fd);
  stream.on('error', () => undefined);
  return stream;
}
