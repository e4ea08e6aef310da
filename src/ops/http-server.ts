import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../util/logger';

export interface OpsRoutes {
  /** Alive: the process answers. */
  healthz(): unknown;
  /** Able to work; `ready: false` answers 503. */
  readyz(): Promise<{ ready: boolean }>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** Handed every request under DASHBOARD_PATH; without it, that path is as unknown as any other. */
  dashboard?: RequestListener;
}

export const DASHBOARD_PATH = '/admin/queues';

export interface OpsServer {
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * The worker's small HTTP server for health, readiness and metrics. A port already taken is one
 * warning, not a failed worker: the pipeline matters more than its gauges.
 */
export async function startOpsServer(options: { port: number; host: string }, routes: OpsRoutes, log: Logger): Promise<OpsServer | undefined> {
  const server = createServer((req, res) => {
    handle(req, res, routes).catch((err: unknown) => {
      log.error({ path: pathOf(req), error: (err as Error).message }, 'http request failed');
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      else res.destroy();
    });
  });
  // Scrapers and probes hold connections open; they must not delay a shutdown.
  server.keepAliveTimeout = 5000;
  const listening = await listen(server, options);
  if (listening instanceof Error) {
    const code = (listening as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${options.port} is in use` : listening.message;
    log.warn({ host: options.host, port: options.port, error: why }, 'no health or metrics server (set HTTP_PORT to another port, or off)');
    return undefined;
  }
  const address = server.address() as AddressInfo;
  log.info({ host: address.address, port: address.port }, 'health and metrics server listening');
  return {
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, options: { port: number; host: string }): Promise<Error | undefined> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(options.port, options.host, () => {
      server.off('error', resolve);
      resolve(undefined);
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: OpsRoutes): Promise<void> {
  const path = pathOf(req);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
  }
  // Reading only, for the dashboard too: its read-only mode is then not the one thing between a
  // browser tab (or a page that makes it send a request) and the queues.
  if (routes.dashboard && (path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`))) return routes.dashboard(req, res);
  switch (path) {
    case '/healthz':
      return send(res, 200, 'application/json', JSON.stringify(routes.healthz()));
    case '/readyz': {
      const body = await routes.readyz();
      return send(res, body.ready ? 200 : 503, 'application/json', JSON.stringify(body));
    }
    case '/metrics': {
      const { contentType, body } = await routes.metrics();
      return send(res, 200, contentType, body);
    }
    default:
      return send(res, 404, 'application/json', JSON.stringify({ error: 'not found', paths: ['/healthz', '/readyz', '/metrics'] }));
  }
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
