import { progressLine } from '../../../src/worker/once';

test.each([
  [{ id: 'bbc-asia', outcome: 'ok' as const, items: 12 }, 3, 1.23, 'source bbc-asia: 12 items, 3 new (1.2 s)'],
  [{ id: 'one', outcome: 'ok' as const, items: 1 }, 0, 0.04, 'source one: 1 item, 0 new (0.0 s)'],
  [{ id: 'quiet', outcome: 'not-modified' as const, items: 0 }, 0, 0.3, 'source quiet: not modified (0.3 s)'],
  [
    { id: 'gone', outcome: 'failed' as const, errorKind: 'http-status', error: 'HTTP 404 Not Found', items: 0 },
    0,
    0.1,
    'source gone: failed, http-status — HTTP 404 Not Found (0.1 s)',
  ],
])('%j', (summary, fresh, seconds, line) => {
  expect(progressLine(summary, fresh, seconds)).toBe(line);
});
