import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queues } from '../queue/queues';
import type { Logger } from '../util/logger';
import { DASHBOARD_PATH } from './http-server';

const CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** An express app called as a plain handler: `done` runs when nothing in it answered. */
interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse, done: (err?: unknown) => void): void;
  disable(setting: string): void;
}

/**
 * Bull Board over the project's queues, read-only: one click there could empty a queue or remove a
 * delivery, and an alert lost that way is lost without a trace; deliveries that gave up go back with
 * `exilewatch alerts retry-failed`. Loaded only when the dashboard is turned on
 * (ops/open-dashboard.ts), so that without it the worker never loads express or the UI.
 */
export function queueDashboard(queues: Queues, log: Logger): RequestListener {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(queues).map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'exilewatch queues' } },
  });
  const app = adapter.getRouter() as ExpressApp;
  app.disable('x-powered-by');
  return (req, res) => {
    // The page would fetch its fonts from a third party, telling it who opens the dashboard and when.
    res.setHeader('content-security-policy', CSP);
    const original = req.url ?? '/';
    // Bull Board's routes are relative to where it is mounted; express would strip the prefix if it
    // mounted the app itself, so it is stripped here (the path is known to start with it).
    const rest = original.slice(DASHBOARD_PATH.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    Object.assign(req, { originalUrl: original });
    // Express's own last handler would print stack traces into the page and onto stderr.
    app(req, res, (err) => answerUnhandled(original.split('?')[0]!, req, res, err, log));
  };
}

/** What nothing in the dashboard answered: an unknown path, a bad request, or a failure. */
function answerUnhandled(path: string, req: IncomingMessage, res: ServerResponse, err: unknown, log: Logger): void {
  const claimed = (err as { status?: unknown } | undefined)?.status;
  // express.static refuses paths outside its folder and undecodable URLs with a 4xx of its own.
  const status = err === undefined ? 404 : typeof claimed === 'number' && claimed >= 400 && claimed < 500 ? claimed : 500;
  if (status === 500) {
    const error = err instanceof Error ? err : new Error(String(err));
    log.error({ path, error_kind: error.name, error: error.message }, 'queue dashboard request failed');
  }
  if (res.headersSent) return void res.destroy();
  const body = { error: status === 404 ? 'not found' : status === 500 ? 'internal error' : 'bad request' };
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
}
