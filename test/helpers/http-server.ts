import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = (req: http.IncomingMessage, body: string) => Served | undefined;

export interface LocalServer {
  url(path: string): string;
  /** Every request received: method, path and headers, in order. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders; at: number; body: string }>;
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, answering from a table of routes the test edits. */
export async function startLocalServer(routes: Record<string, Handler> = {}): Promise<LocalServer> {
  const table = new Map(Object.entries(routes));
  const requests: LocalServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const at = Date.now();
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      requests.push({ path, headers: req.headers, at, body });
      const served = table.get(path)?.(req, body);
      if (!served) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      res.writeHead(served.status ?? 200, served.headers ?? {});
      res.end(served.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    routes: table,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function rss(items: Array<{ title: string; link: string; description: string; guid?: string; pubDate?: string }>): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Local news</title><link>http://127.0.0.1/</link>\n' +
    items
      .map(
        (i) =>
          `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><description>${esc(i.description)}</description>` +
          (i.guid ? `<guid>${esc(i.guid)}</guid>` : '') +
          (i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : '') +
          '</item>',
      )
      .join('\n') +
    '\n</channel></rss>\n'
  );
}
