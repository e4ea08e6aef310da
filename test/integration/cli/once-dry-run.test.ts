// `once --dry-run`: the built command line against a real Redis and the placeholder feed on a real
// HTTP server. A dry run shows where alerts would go, and leaves everything to the next real run.
import { writeFileSync } from 'node:fs';
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { placeholder, WATCHLIST, type Placeholder } from './placeholder';

let p: Placeholder;

beforeAll(async () => {
  p = await placeholder();
});

afterAll(async () => {
  await p.close();
});

test('a dry run prints each alert and the route and subject it would go to, and records nothing', async () => {
  const r = await exilewatch(['once', '--dry-run', ...p.args], { env: p.env() });
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(
    [
      'dry run: nothing sent, nothing recorded',
      'sources: 1 ok, 0 failed',
      'articles: 3 new, 0 seen before',
      'matches: 4',
      'alerts: 2',
      '  HIGH person-pursued: Freedonian blogger held at the border',
      '    http://127.0.0.1:8808/stories/held-at-border',
      '    -> desk (email): [exilewatch] HIGH · Vanna Sokun · arrest or detention · Placeholder Gazette',
      '  LOW person-mentioned: Book fair opens in the capital',
      '    http://127.0.0.1:8808/stories/book-fair',
      '    -> digest (email, next digest): [exilewatch] LOW · Vanna Sokun · mentioned · Placeholder Gazette',
      'would send: 1 now, 1 into digests',
      '',
    ].join('\n'),
  );
  // Standard error is not a terminal here: no progress lines.
  expect(r.stderr).not.toMatch(/^source /m);
  // Only BullMQ's queue metadata: no seen articles, alerts, health, ETags or jobs.
  expect((await p.keys()).filter((k) => !/:meta$/.test(k))).toEqual([]);
  expect(p.server.requests.filter((q) => q.path === '/feed.xml').every((q) => q.headers['if-none-match'] === undefined)).toBe(true);
});

test('a real run afterwards alerts on the same articles; a dry run after it finds them seen', async () => {
  const real = await exilewatch(['once', ...p.args], { env: p.env() });
  expect(real.stdout).toMatch(/^articles: 3 new, 0 seen before$/m);
  expect(real.stdout).toMatch(/^alerts: 2$/m);
  const again = await exilewatch(['once', '--dry-run', ...p.args], { env: p.env() });
  expect(again.stdout).toMatch(/^articles: 0 new, 3 seen before\nmatches: 0\nalerts: 0\nwould send: 0 now, 0 into digests\n$/m);
});

test('a source that fails is named, and the dry run exits 2 as once does', async () => {
  const feeds = p.feeds.replace(/feeds\.yaml$/, 'broken-feeds.yaml');
  writeFileSync(feeds, ['version: 1', 'sources:', `  - { id: gone, url: '${p.server.url('/gone.xml')}', allowPrivateNetwork: true }`].join('\n'));
  const r = await exilewatch(['once', '--dry-run', '--watchlist', WATCHLIST, '--feeds', feeds], { env: p.env() });
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(/^sources: 0 ok, 1 failed\n {2}gone: http-status — HTTP 404 Not Found$/m);
});
