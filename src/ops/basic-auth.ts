import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** The one user name: there is one password, so a name would only be something else to mistype. */
export const ADMIN_USER = 'admin';
export const REALM = 'exilewatch';

// Digests are always 32 bytes, so timingSafeEqual can compare them whatever the lengths typed, and
// the time taken says nothing about how much of the password was right.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether an Authorization header carries user `admin` and this password. */
export function basicAuthAccepts(password: string): (authorization: string | undefined) => boolean {
  const expected = digest(password);
  return (authorization) => {
    const m = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(authorization ?? '');
    if (!m) return false;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    // The password may hold colons; the user name cannot.
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const passwordRight = timingSafeEqual(digest(decoded.slice(colon + 1)), expected);
    return passwordRight && decoded.slice(0, colon) === ADMIN_USER;
  };
}

/** Passes requests with the right credentials to `next`; answers any other with 401 and a challenge. */
export function requireBasicAuth(password: string, next: RequestListener): RequestListener {
  const accepts = basicAuthAccepts(password);
  return (req: IncomingMessage, res: ServerResponse) => {
    if (accepts(req.headers.authorization)) return next(req, res);
    res.writeHead(401, {
      'www-authenticate': `Basic realm="${REALM}"`,
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ error: 'authentication required' }));
  };
}
