/**
 * A time as the reader of a route should see it: in the route's time zone, with the zone named, since
 * NGO staff and the people they help are often in different countries. en-GB gives "Thu 7 Nov 2019".
 */
export function formatTime(when: string | number | undefined, timeZone: string): string | undefined {
  if (when === undefined || when === '') return undefined;
  const date = new Date(when);
  if (Number.isNaN(date.getTime())) return undefined;
  const zone = validZone(timeZone);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName');
  const zoneName = zone === 'UTC' ? 'UTC' : `${offset}, ${zone}`;
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (${zoneName})`;
}

/** A day, for digest subjects: "Thu 7 Nov". */
export function formatDay(when: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: validZone(timeZone), weekday: 'short', day: 'numeric', month: 'short' }).formatToParts(
    new Date(when),
  );
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}`;
}

// The watchlist schema takes any string as a time zone; a typo must not stop alerts going out.
function validZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
