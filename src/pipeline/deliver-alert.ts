import { DeliveryError } from '../alerts/channels/delivery-error';
import type { PostOptions } from '../alerts/channels/http-post';
import type { Mailer } from '../alerts/channels/mailer';
import { postToSlack } from '../alerts/channels/slack';
import { postWebhook } from '../alerts/channels/webhook';
import { renderAlertEmail } from '../alerts/render/email';
import { renderSlackAlert } from '../alerts/render/slack';
import { buildAlertView } from '../alerts/render/view';
import { renderWebhookAlert } from '../alerts/render/webhook';
import type { Route, Watchlist } from '../config/watchlist-schema';
import type { AlertStore } from '../store/alert-store';
import type { RoutePacer } from '../store/route-pacer';
import type { Logger } from '../util/logger';
import type { KillPoint } from '../worker/kill-point';

export interface DeliveryStageDeps {
  watchlist: Watchlist;
  /** Display names of sources (config/feeds.yaml `name`), by source id; a source without one shows its id. */
  sourceNames: ReadonlyMap<string, string>;
  alerts: AlertStore;
  pacer: RoutePacer;
  /** Absent when SMTP_URL is unset: email deliveries then fail for good, and say why. */
  mailer?: Mailer;
  messageIdDomain: string;
  post?: PostOptions;
  log: Logger;
  now(): number;
  /** Fault tests only (worker/kill-point.ts). */
  killPoint?: KillPoint;
}

// Slack drops incoming-webhook posts sent faster than about one a second.
const SLACK_INTERVAL_MS = 1100;

/** The least time between two sends on a route: its rateLimitPerMinute, or Slack's own limit. */
export function routeInterval(route: Route): number | undefined {
  if (route.rateLimitPerMinute) return Math.ceil(60_000 / route.rateLimitPerMinute);
  return route.kind === 'slack' ? SLACK_INTERVAL_MS : undefined;
}

/** Thrown when the route sent too recently: the job should wait this long, without counting an attempt. */
export class RoutePaced extends Error {
  override name = 'RoutePaced';
  constructor(readonly waitMs: number) {
    super(`route paced for ${waitMs} ms`);
  }
}

export interface DeliveryOutcome {
  state: 'sent' | 'skipped';
  reason?: string;
  channel?: Route['kind'];
  /** When the alert's article was first seen, for timing discovery to delivery. */
  discoveredAt?: number;
}

/**
 * The delivery stage for one alert on one route: render for the route's channel and send. Throws a
 * DeliveryError that says whether another attempt can succeed; the queue decides when.
 */
export async function deliverAlert(alertId: string, routeId: string, attempt: number, deps: DeliveryStageDeps): Promise<DeliveryOutcome> {
  if (!(await deps.alerts.get(alertId))) return { state: 'skipped', reason: 'alert expired' };
  const route: Route | undefined = deps.watchlist.routes.find((r) => r.id === routeId);
  if (!route) {
    await deps.alerts.setDelivery(alertId, routeId, { state: 'skipped', at: deps.now(), error: 'route no longer configured' });
    return { state: 'skipped', reason: 'route no longer configured' };
  }
  // A job taken over after it sent and recorded (its worker lost Redis before marking it done) has
  // nothing left to do: sending again would only be a repeat.
  const earlier = (await deps.alerts.deliveries(alertId))[routeId];
  if (earlier?.state === 'sent') return { state: 'sent', reason: 'already sent', channel: route.kind };
  const interval = routeInterval(route);
  if (interval !== undefined) {
    const wait = await deps.pacer.acquire(route.id, interval);
    if (wait > 0) throw new RoutePaced(wait);
  }
  // Marked before the record is read for rendering: a report folded in after this read would be
  // missing from the message, so from here on it is sent as a follow-up instead.
  await deps.alerts.setDelivery(alertId, routeId, { state: 'sending', at: deps.now(), attempts: attempt });
  const record = await deps.alerts.get(alertId);
  if (!record) return { state: 'skipped', reason: 'alert expired' };
  const view = buildAlertView(record, deps.watchlist, route, deps.sourceNames);
  // Rendered now, not when the alert was raised: "published 3 days ago" is read when it arrives.
  const now = deps.now();
  switch (route.kind) {
    case 'email': {
      if (!deps.mailer) throw new DeliveryError('email', 'SMTP_URL is not set', { permanent: true });
      const email = renderAlertEmail(view, { messageIdDomain: deps.messageIdDomain, now });
      await deps.mailer.send({ ...email, to: route.to });
      break;
    }
    case 'slack':
      await postToSlack(route.webhookUrl, renderSlackAlert(view, { now }), deps.post);
      break;
    case 'webhook': {
      await postWebhook(route.url, route.secret, renderWebhookAlert(view, { attempt, now }), deps.post);
      break;
    }
  }
  await deps.killPoint?.('deliver:sent');
  await deps.alerts.setDelivery(alertId, routeId, { state: 'sent', at: deps.now(), attempts: attempt });
  deps.log.info({ alert_id: alertId, route: routeId, channel: route.kind, attempt }, 'alert delivered');
  return { state: 'sent', channel: route.kind, ...(record.discoveredAt !== undefined ? { discoveredAt: record.discoveredAt } : {}) };
}
