import { forTerminal } from './terminal-text';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// Grey, cyan, green, yellow, red, magenta: the colours terminals agree on.
const COLOURS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' };
// Shown by the line's layout (level, time, message) or the same on every line (service).
const LAID_OUT = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);
// A value made only of these prints as it is; any other is quoted, so a line splits back into fields.
const BARE = /^[\p{L}\p{N}_.,:/@+%#-]+$/u;

function value(v: unknown): string {
  if (typeof v === 'string' && BARE.test(v)) return v;
  // JSON escapes C0 controls; forTerminal removes what it leaves (C1 controls, bidi overrides).
  return forTerminal(JSON.stringify(v) ?? String(v));
}

function clock(time: unknown): string {
  const at = typeof time === 'string' || typeof time === 'number' ? new Date(time) : undefined;
  if (!at || Number.isNaN(at.getTime())) return '--:--:--.---';
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * One of pino's JSON lines as a line a person reads on a terminal: local time, level, message, then
 * the other fields as key=value. Redaction has already happened (pino applies it before writing the
 * JSON), and every piece of text is made terminal-safe: messages and fields can carry what a feed or
 * a server said.
 */
export function prettyLogLine(json: string, color: boolean): string {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    return `${forTerminal(json.trimEnd())}\n`;
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) return `${forTerminal(json.trimEnd())}\n`;
  const r = record as Record<string, unknown>;
  const level = typeof r.level === 'number' ? r.level : 30;
  const name = (LEVELS[level] ?? String(level)).padEnd(5);
  const shown = color ? `\u001b[${COLOURS[level] ?? '0'}m${name}\u001b[0m` : name;
  const message = typeof r.msg === 'string' ? forTerminal(r.msg).replace(/\s*\n\s*/g, ' ') : '';
  const fields = Object.entries(r)
    .filter(([k]) => !LAID_OUT.has(k))
    .map(([k, v]) => `${forTerminal(k)}=${value(v)}`);
  return `${clock(r.time)} ${shown} ${message}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n`;
}
