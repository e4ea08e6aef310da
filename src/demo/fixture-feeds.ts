import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { escapeHtml } from '../alerts/render/html';

export interface FixtureFeed {
  /** The display name alerts show (feeds.yaml `name`). */
  name: string;
  id: string;
  /** Where the server answers with it. */
  path: string;
  format: string;
  contentType: string;
  body: string;
}

// Seed articles (seeds/articles, written for the project) for the JSON feed: a refused check-in,
// and two namesakes of watched people that must not alert.
const WIRE_ARTICLES = ['016-rainsy-check-in-refused', '033-chef-sokha-chan-opens-restaurant', '035-svay-rieng-striker-sam-vathana'];

/**
 * The demo's three feeds, one of each format: the two sample feeds of seeds/feeds as they are, and a
 * JSON Feed made of seed articles, dated in the hours before `now` so that they read as fresh news.
 */
export function demoFeeds(root: string, now: number): FixtureFeed[] {
  const seeds = join(root, 'seeds');
  return [
    {
      id: 'mekong-rights-monitor',
      name: 'Mekong Rights Monitor',
      path: '/rights.xml',
      format: 'RSS 2.0',
      contentType: 'application/rss+xml; charset=utf-8',
      body: readFileSync(join(seeds, 'feeds', 'sample-rss.xml'), 'utf8'),
    },
    {
      id: 'parliamentarians-desk',
      name: 'Parliamentarians Desk',
      path: '/desk.atom',
      format: 'Atom',
      contentType: 'application/atom+xml; charset=utf-8',
      body: readFileSync(join(seeds, 'feeds', 'sample-atom.xml'), 'utf8'),
    },
    {
      id: 'regional-wire',
      name: 'Regional Wire',
      path: '/wire.json',
      format: 'JSON Feed',
      contentType: 'application/feed+json; charset=utf-8',
      body: jsonFeed(
        WIRE_ARTICLES.map((name) => join(seeds, 'articles', `${name}.txt`)),
        now,
      ),
    },
  ];
}

/** Seed text files (headline, blank line, paragraphs) as a JSON Feed 1.1. */
function jsonFeed(files: string[], now: number): string {
  const items = files.map((file, i) => {
    const [title = '', ...paragraphs] = readFileSync(file, 'utf8')
      .trim()
      .split(/\n\s*\n/);
    const slug = basename(file, '.txt').replace(/^\d+-/, '');
    return {
      id: `regional-wire-${slug}`,
      url: `https://wire.example/${slug}`,
      title: title.trim(),
      content_html: paragraphs.map((p) => `<p>${escapeHtml(p.trim())}</p>`).join('\n'),
      date_published: new Date(now - (i + 1) * 3_600_000).toISOString(),
    };
  });
  return JSON.stringify(
    { version: 'https://jsonfeed.org/version/1.1', title: 'Regional Wire (demo feed)', home_page_url: 'https://wire.example/', items },
    null,
    2,
  );
}

export interface FixtureServer {
  url(path: string): string;
  close(): Promise<void>;
}

/** Serves the feeds on 127.0.0.1 and a free port; anything else is a 404. */
export async function startFixtureServer(feeds: FixtureFeed[]): Promise<FixtureServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const feed = feeds.find((f) => f.path === path);
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': feed.contentType }).end(feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
