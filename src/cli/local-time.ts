/**
 * Times as the operator reads them: in the machine's own time zone (TZ), offset included, so a line
 * copied into a chat with colleagues elsewhere still says when it happened.
 */
export function localIso(ms: number, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // "GMT+05:30", or a bare "GMT" for UTC itself.
  const offset = get('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}

/** The same, for a table: "2026-12-03 13:02 +01:00". */
export function localTime(ms: number, timeZone?: string): string {
  const iso = localIso(ms, timeZone);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${iso.slice(19)}`;
}
