import { localIso, localTime } from '../../../src/cli/local-time';

const at = Date.UTC(2026, 0, 15, 9, 5, 7);

test.each([
  ['UTC', '2026-01-15T09:05:07+00:00', '2026-01-15 09:05 +00:00'],
  ['Asia/Kolkata', '2026-01-15T14:35:07+05:30', '2026-01-15 14:35 +05:30'],
  ['America/New_York', '2026-01-15T04:05:07-05:00', '2026-01-15 04:05 -05:00'],
  ['Europe/Berlin', '2026-01-15T10:05:07+01:00', '2026-01-15 10:05 +01:00'],
])('in %s', (tz, iso, short) => {
  expect(localIso(at, tz)).toBe(iso);
  expect(localTime(at, tz)).toBe(short);
  expect(Date.parse(localIso(at, tz))).toBe(at);
});

test('summer time moves the offset', () => {
  expect(localIso(Date.UTC(2026, 6, 1, 12, 0, 0), 'Europe/Berlin')).toBe('2026-07-01T14:00:00+02:00');
});
