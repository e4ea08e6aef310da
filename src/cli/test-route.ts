import { randomBytes } from 'node:crypto';
import { DeliveryError } from '../alerts/channels/delivery-error';
import type { Mailer } from '../alerts/channels/mailer';
import type { PostOptions } from '../alerts/channels/http-post';
import { postToSlack } from '../alerts/channels/slack';
import { postWebhook } from '../alerts/channels/webhook';
import { DEFAULT_MESSAGE_ID_DOMAIN } from '../alerts/render/email';
import type { LoadedWatchlist } from '../config/load-watchlist';
import type { Route } from '../config/watchlist-schema';
import { didYouMean } from '../util/did-you-mean';
import { UserError } from './user-error';

export const TEST_TEXT = 'exilewatch test message — no one is at risk';
export const TEST_SUBJECT_PREFIX = '[exilewatch test]';

/** A usage mistake in `test-route` and `digest send`: exit 2, so that 1 means "the channel refused". */
export const USAGE_EXIT = 2;

/** The route by id: an unknown id gets a did-you-mean, a disabled one says which variables it lacks. */
export function findRoute(watchlist: LoadedWatchlist, id: string): Route {
  const route = watchlist.watchlist.routes.find((r) => r.id === id);
  if (route) return route;
  const disabled = watchlist.disabled.find((d) => d.id === id);
  if (disabled) {
    throw new UserError(
      `route ${id} (${disabled.kind}) is disabled while ${disabled.variables.join(' and ')} ${disabled.variables.length === 1 ? 'is' : 'are'} not set`,
      USAGE_EXIT,
    );
  }
  const ids = [...watchlist.watchlist.routes.map((r) => r.id), ...watchlist.disabledRoutes];
  throw new UserError(`no route "${id}" in the watchlist${didYouMean(id, ids) || (ids.length ? ` (routes: ${ids.join(', ')})` : '')}`, USAGE_EXIT);
}

export interface TestRouteDeps {
  /** Absent when SMTP_URL is unset. */
  mailer?: Mailer;
  post?: PostOptions;
  now(): number;
}

/** Where the route sends, without its secrets: host of a URL, recipients of an email. */
export function destination(route: Route): string {
  if (route.kind === 'email') return route.to.join(', ');
  try {
    return new URL(route.kind === 'slack' ? route.webhookUrl : route.url).host;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * Sends one clearly marked test message through the route's channel, whatever its mode (a digest route
 * gets it at once). Throws the channel's DeliveryError when the receiver refuses.
 */
export async function sendTestMessage(route: Route, deps: TestRouteDeps): Promise<void> {
  const now = deps.now();
  const subject = `${TEST_SUBJECT_PREFIX} route ${route.id}`;
  const body = `${TEST_TEXT}.\n\nSent by \`exilewatch test-route ${route.id}\` at ${new Date(now).toISOString()} to check that this route delivers.`;
  switch (route.kind) {
    case 'email': {
      if (!deps.mailer) throw new DeliveryError('email', 'SMTP_URL is not set', { permanent: true });
      const token = randomBytes(8).toString('hex');
      await deps.mailer.send({
        to: route.to,
        subject,
        text: body.replace(/`/g, ''),
        html: `<!doctype html><html><body><p><strong>${TEST_TEXT}.</strong></p><p>Sent by <code>exilewatch test-route</code> to check that this route delivers.</p></body></html>`,
        messageId: `<test-${token}@${DEFAULT_MESSAGE_ID_DOMAIN}>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Exilewatch-Test': 'true' },
      });
      return;
    }
    case 'slack':
      await postToSlack(
        route.webhookUrl,
        {
          text: `${subject}: ${TEST_TEXT}`,
          unfurl_links: false,
          unfurl_media: false,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${TEST_SUBJECT_PREFIX}* ${TEST_TEXT}.`, verbatim: true } }],
        },
        deps.post,
      );
      return;
    case 'webhook': {
      const deliveryId = `test-${route.id}-${randomBytes(8).toString('hex')}`;
      const payload = {
        version: 1,
        type: 'test',
        message: TEST_TEXT,
        sentAt: new Date(now).toISOString(),
        delivery: { id: deliveryId, route: route.id, attempt: 1 },
      };
      await postWebhook(route.url, route.secret, { body: JSON.stringify(payload), deliveryId }, deps.post);
      return;
    }
  }
}

/**
 * `exilewatch test-route ROUTE`: one line on standard output when the channel accepted the message
 * (exit 0), one on standard error with the channel's error when it did not (exit 1).
 */
export async function testRoute(route: Route, deps: TestRouteDeps, out: { ok(line: string): void; failed(line: string): void }): Promise<number> {
  try {
    await sendTestMessage(route, deps);
    out.ok(`sent a test message through route ${route.id} (${route.kind} to ${destination(route)})`);
    return 0;
  } catch (err) {
    if (!(err instanceof DeliveryError)) throw err;
    out.failed(`route ${route.id} (${route.kind} to ${destination(route)}) failed: ${err.message}`);
    return 1;
  }
}
