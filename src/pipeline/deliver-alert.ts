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
import type { Logger } from '../util/logger';

export interface DeliveryStageDeps {
  watchlist: Watchlist;
  alerts: AlertStore;
  /** Absent when SMTP_URL is unset: email deliveries then fail for good, and say why. */
  mailer?: Mailer;
  sourceNames: ReadonlyMap<string, string>;
  messageIdDomain: string;
  post?: PostOptions;
  log: Logger;
  now(): number;
}

export interface DeliveryOutcome {
  state: 'sent' | 'skipped';
  reason?: string;
}

/**
 * The delivery stage for one alert on one route: render for the route's channel and send. Throws a
 * DeliveryError that says whether another attempt can succeed; the queue decides when.
 */
export async function deliverAlert(alertId: string, routeId: string, attempt: number, deps: DeliveryStageDeps): Promise<DeliveryOutcome> {
  const record = await deps.alerts.get(alertId);
  if (!record) return { state: 'skipped', reason: 'alert expired' };
  const route: Route | undefined = deps.watchlist.routes.find((r) => r.id === routeId);
  if (!route) {
    await deps.alerts.setDelivery(alertId, routeId, { state: 'skipped', at: deps.now(), error: 'route no longer configured' });
    return { state: 'skipped', reason: 'route no longer configured' };
  }
  const view = buildAlertView(record, deps.watchlist, route, deps.sourceNames);
  switch (route.kind) {
    case 'email': {
      if (!deps.mailer) throw new DeliveryError('email', 'SMTP_URL is not set', { permanent: true });
      const email = renderAlertEmail(view, { messageIdDomain: deps.messageIdDomain });
      await deps.mailer.send({ ...email, to: route.to });
      break;
    }
    case 'slack':
      await postToSlack(route.webhookUrl, renderSlackAlert(view), deps.post);
      break;
    case 'webhook': {
      await postWebhook(route.url, route.secret, renderWebhookAlert(view, { attempt }), deps.post);
      break;
    }
  }
  await deps.alerts.setDelivery(alertId, routeId, { state: 'sent', at: deps.now(), attempts: attempt });
  deps.log.info({ alert_id: alertId, route: routeId, channel: route.kind, attempt }, 'alert delivered');
  return { state: 'sent' };
}
