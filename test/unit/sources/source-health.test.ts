import { dueForCheck, emptyHealth, healthAlertReason, recordFailure, recordSuccess } from '../../../src/sources/source-health';

const MIN = 60_000;
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);

describe('source health', () => {
  test('back-off doubles from the second failure and stops at the cap', () => {
    let h = emptyHealth('s');
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      h = recordFailure(h, t0, { kind: 'timeout', message: 'timed out' }, 15 * MIN, 2 * 3_600_000);
      waits.push(h.nextCheckAt === undefined ? 0 : h.nextCheckAt - t0);
    }
    expect(h.consecutiveFailures).toBe(8);
    expect(waits[0]).toBe(0);
    expect(waits.slice(1, 4).map((w) => Math.round(w / MIN))).toEqual([29, 59, 119]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2 * 3_600_000);
    expect(waits.at(-1)).toBe(waits.at(-2));
  });

  test('a Retry-After longer than the back-off wins', () => {
    const h = recordFailure(emptyHealth('s'), t0, { kind: 'rate-limited', message: '429', retryAfterMs: 40 * MIN }, 15 * MIN);
    expect(dueForCheck(h, t0 + 30 * MIN)).toBe(false);
    expect(dueForCheck(h, t0 + 40 * MIN)).toBe(true);
  });

  test('success clears failures and keeps the validators', () => {
    let h = recordFailure(emptyHealth('s'), t0, { kind: 'dns', message: 'no such host' }, MIN);
    h = recordFailure(h, t0, { kind: 'dns', message: 'no such host' }, MIN);
    h = recordSuccess(h, t0 + MIN, { etag: '"abc"', itemDates: [] });
    expect(h).toMatchObject({ consecutiveFailures: 0, etag: '"abc"', lastErrorKind: 'dns' });
    expect(h.nextCheckAt).toBeUndefined();
    expect(dueForCheck(h, t0 + MIN)).toBe(true);
  });

  test('operators hear once about a failing source, and again after it recovers and fails anew', () => {
    const opts = { failuresBeforeAlert: 3, silentAfterMs: 4 * DAY };
    let h = emptyHealth('s');
    for (let i = 0; i < 3; i++) h = recordFailure(h, t0, { kind: 'http-status', message: 'HTTP 500' }, MIN);
    expect(healthAlertReason(h, t0, opts)).toBe('failing');
    h = { ...h, alertedAt: t0, alertedReason: 'failing' };
    h = recordFailure(h, t0, { kind: 'http-status', message: 'HTTP 500' }, MIN);
    expect(healthAlertReason(h, t0, opts)).toBeUndefined();
    h = recordSuccess(h, t0, { itemDates: [] });
    expect(h.alertedReason).toBeUndefined();
  });

  test('a daily source that stops publishing is reported silent; a weekly one is not', () => {
    const opts = { failuresBeforeAlert: 5, silentAfterMs: 4 * DAY };
    const daily = recordSuccess(emptyHealth('d'), t0, { itemDates: [0, 1, 2, 3, 4, 5].map((d) => t0 - d * DAY) });
    expect(healthAlertReason(daily, t0 + 2 * DAY, opts)).toBeUndefined();
    expect(healthAlertReason(daily, t0 + 5 * DAY, opts)).toBe('silent');
    const weekly = recordSuccess(emptyHealth('w'), t0, { itemDates: [0, 7, 14, 21].map((d) => t0 - d * DAY) });
    expect(healthAlertReason(weekly, t0 + 10 * DAY, opts)).toBeUndefined();
  });

  test('a source whose newest item is old on its first poll is not silent until watched that long', () => {
    const opts = { failuresBeforeAlert: 5, silentAfterMs: 4 * DAY };
    const old = recordSuccess(emptyHealth('o'), t0, { itemDates: [10, 11, 12, 13, 14].map((d) => t0 - d * DAY) });
    expect(healthAlertReason(old, t0, opts)).toBeUndefined();
    expect(healthAlertReason(old, t0 + 3 * DAY, opts)).toBeUndefined();
    expect(healthAlertReason(recordSuccess(old, t0 + 5 * DAY, { itemDates: [] }), t0 + 5 * DAY, opts)).toBe('silent');
  });

  test('a charset note is kept while polls show the trouble and cleared by a clean one', () => {
    const noted = recordSuccess(emptyHealth('c'), t0, { itemDates: [], charsetNote: 'declared utf-8 (http) but the bytes are not' });
    expect(noted.charsetNote).toBe('declared utf-8 (http) but the bytes are not');
    expect(recordSuccess(noted, t0 + MIN, { itemDates: [] }).charsetNote).toBeUndefined();
  });
});
