import { createLogger } from '../../../src/util/logger';
import { prettyLogLine } from '../../../src/util/log-line';

/** A logger whose lines go through the readable formatter into an array, as on a terminal. */
function prettyLogger(color = false) {
  const lines: string[] = [];
  const log = createLogger('info', { write: (json: string) => void lines.push(prettyLogLine(json, color)) });
  return { log, lines };
}

test('one line: time, level, message, then the fields as key=value; the constant fields left out', () => {
  const { log, lines } = prettyLogger();
  log.warn({ source_id: 'cambojanews', failures: 3, error: 'HTTP 503 Service Unavailable' }, 'source failed');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  source failed {2}source_id=cambojanews failures=3 error="HTTP 503 Service Unavailable"\n$/);
  expect(lines[0]).not.toMatch(/service|exilewatch/);
});

test('secrets are redacted in the readable form too', () => {
  const { log, lines } = prettyLogger();
  log.info(
    { smtp_url: 'smtp://user:hunter2@mail.example', headers: { authorization: 'Bearer abc123' }, route: { webhookUrl: 'https://hooks.example/T/B/x' } },
    'sending',
  );
  expect(lines[0]).toContain('smtp_url="[redacted]"');
  expect(lines[0]).not.toMatch(/hunter2|abc123|hooks\.example/);
});

test('what a feed or a server said cannot reach the terminal as control sequences, nor break the line', () => {
  const { log, lines } = prettyLogger();
  log.error({ error: 'bad\u001b]0;owned\u0007 \u202eevil\u009b' }, 'title \u001b[2Jcleared\nsecond line');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  expect(line).toContain('ERROR title cleared second line');
  expect(line).toContain('error="bad\\u001b]0;owned\\u0007 evil"');
});

test('colour on the level only, and only when asked', () => {
  const { log, lines } = prettyLogger(true);
  log.info('hello');
  expect(lines[0]).toMatch(/^\S+ \u001b\[32mINFO \u001b\[0m hello\n$/);
});

test('a line that is not JSON is passed on, made safe', () => {
  expect(prettyLogLine('plain \u001b[31mtext\n', true)).toBe('plain text\n');
});
