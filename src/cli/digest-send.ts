import { DeliveryError } from '../alerts/channels/delivery-error';
import type { Route } from '../config/watchlist-schema';
import { sendDigest, type DigestDeps } from '../pipeline/send-digest';
import { UserError } from './user-error';
import { USAGE_EXIT } from './test-route';

/** Only a route with `mode: digest` has a digest to send. */
export function checkDigestRoute(route: Route): void {
  if (route.mode !== 'digest') throw new UserError(`route ${route.id} sends each alert as it comes (no mode: digest): it has no digest`, USAGE_EXIT);
}

/**
 * `exilewatch digest send ROUTE`: the route's waiting digest now, through the digest stage itself, so
 * the alerts leave the waiting list only once the channel took them and a scheduled send at the same
 * moment sends the same batch, not a second one. Exit 0 (sent, or nothing waiting), 1 when the channel
 * refused; the alerts then wait for the next send.
 */
export async function digestSend(route: Route, deps: DigestDeps, out: { ok(line: string): void; failed(line: string): void }): Promise<number> {
  try {
    const outcome = await sendDigest(route.id, 1, deps);
    if (outcome.state === 'sent') out.ok(`sent the digest of route ${route.id}: ${outcome.alerts} alert${outcome.alerts === 1 ? '' : 's'}`);
    else out.ok(`nothing waiting for route ${route.id}`);
    return 0;
  } catch (err) {
    if (!(err instanceof DeliveryError)) throw err;
    out.failed(`digest of route ${route.id} not sent (its alerts keep waiting): ${err.message}`);
    return 1;
  }
}
