// `exilewatch match URL`: an article page fetched from a real HTTP server on 127.0.0.1 under the
// worker's address policy, then matched against the placeholder watchlist.
import { exilewatchAsync as exilewatch } from '../../helpers/cli';
import { startLocalServer, type LocalServer } from '../../helpers/http-server';
import { WATCHLIST } from './placeholder';

const PAGE = `<!doctype html><html><head><title>Blogger held | Placeholder Gazette</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Freedonian blogger held at the border</h1>
<p>Border officers detained Vanna Sokun for six hours on Sunday, her lawyer said. She had been
travelling to a conference on press freedom, and was questioned about her writing.</p>
<p>Her lawyer said the officers gave no reason and returned her passport only late in the evening,
after colleagues abroad had called the embassy. She was allowed to continue her journey on Monday.</p>
</article></body></html>`;

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({
    '/story': () => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: PAGE }),
  });
  // A redirect to another host on loopback: the allowance covers the URL's own host only.
  server.routes.set('/elsewhere', () => ({ status: 302, headers: { location: server.url('/story').replace('127.0.0.1', 'localhost') } }));
});

afterAll(async () => {
  await server.close();
});

const match = (...args: string[]) => exilewatch(['match', ...args, '--watchlist', WATCHLIST]);

test('fetches the page, matches its main text, and names the routes the alert would go to', async () => {
  const r = await match(server.url('/story'), '--allow-private-network');
  expect(r.code).toBe(0);
  // The headline is the page's own title, as reader view finds it.
  expect(r.stdout).toMatch(/^Blogger held \| Placeholder Gazette\n/);
  expect(r.stdout).toContain(server.url('/story'));
  expect(r.stdout).toMatch(/^ {2}HIGH {2}person-pursued: vanna-sokun, arrest-detention$/m);
  expect(r.stdout).toContain('[detained] [Vanna Sokun]');
  expect(r.stdout).toMatch(/^ {4}routes: desk \(email\)$/m);
});

test('--explain works on a URL as on a file', async () => {
  const r = await match(server.url('/story'), '--allow-private-network', '--explain', 'vanna-sokun');
  expect(r.stdout).toMatch(/explain vanna-sokun \(Vanna Sokun\)\n {4}name: found "Vanna Sokun" \(content, exact\)/);
});

test('a loopback address is refused unless allowed, in one line', async () => {
  const before = server.requests.length;
  const r = await match(server.url('/story'));
  expect(r).toMatchObject({ code: 1, stdout: '' });
  expect(r.stderr).toMatch(
    /^exilewatch: http:\/\/127\.0\.0\.1:\d+\/story: blocked-address: refused to connect to 127\.0\.0\.1: loopback address \(add --allow-private-network to allow\)\n$/,
  );
  // Refused before connecting: the server saw nothing.
  expect(server.requests.length).toBe(before);
});

test('a redirect to another private host is refused; a missing page is one line', async () => {
  const moved = await match(server.url('/elsewhere'), '--allow-private-network');
  expect(moved.code).toBe(1);
  expect(moved.stderr).toMatch(/^exilewatch: .*blocked-address: .*\n$/);
  const missing = await match(server.url('/gone'), '--allow-private-network');
  expect(missing).toMatchObject({ code: 1, stderr: `exilewatch: ${server.url('/gone')}: http-status: HTTP 404 Not Found\n` });
});
