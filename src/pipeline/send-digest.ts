import { DeliveryError } from '../alerts/channels/delivery-error';
import { postToSlack } from '../alerts/channels/slack';
import { postWebhook } from '../alerts/channels/webhook';
import { renderDigestEmail } from '../alerts/render/email';
import { renderSlackDigest } from '../alerts/render/slack';
import { buildAlertView, type AlertView } from '../alerts/render/view';
import { renderWebhookDigest } from '../alerts/render/webhook';
import type { DigestStore } from '../store/digest-store';
import type { DeliveryStageDeps } from './deliver-alert';

export interface DigestDeps extends DeliveryStageDeps {
  digests: DigestStore;
}

export interface DigestOutcome {
  state: 'sent' | 'empty' | 'skipped';
  alerts: number;
}

/**
 * The digest stage for one route: every alert waiting for it, in one message, grouped by person and
 * most severe first. Nothing is sent when nothing is waiting. Sent alerts leave the waiting list only
 * after the channel accepted the message, so a failed send loses nothing; the batch is fixed before
 * the send, so a retry sends the same digest (same id, same Message-ID) rather than a new one.
 */
export async function sendDigest(routeId: string, attempt: number, deps: DigestDeps): Promise<DigestOutcome> {
  const route = deps.watchlist.routes.find((r) => r.id === routeId);
  if (!route) return { state: 'skipped', alerts: 0 };
  const now = deps.now();
  const ids = await deps.digests.batch(routeId, now);
  // As for single alerts (deliver-alert.ts): marked before the records are read, so a report of the
  // same story arriving during the send becomes a follow-up rather than missing from this digest.
  for (const id of ids) await deps.alerts.setDelivery(id, routeId, { state: 'sending', at: now, attempts: attempt });
  const views: AlertView[] = [];
  for (const id of ids) {
    const record = await deps.alerts.get(id);
    if (record) views.push(buildAlertView(record, deps.watchlist, route, deps.sourceNames));
  }
  if (views.length === 0) {
    await deps.digests.remove(routeId, ids);
    return { state: 'empty', alerts: 0 };
  }
  switch (route.kind) {
    case 'email': {
      if (!deps.mailer) throw new DeliveryError('email', 'SMTP_URL is not set', { permanent: true });
      await deps.mailer.send({ ...renderDigestEmail(views, { route, now, messageIdDomain: deps.messageIdDomain }), to: route.to });
      break;
    }
    case 'slack':
      await postToSlack(route.webhookUrl, renderSlackDigest(views, { route, now }), deps.post);
      break;
    case 'webhook':
      await postWebhook(route.url, route.secret, renderWebhookDigest(views, { route, now, attempt }), deps.post);
      break;
  }
  // Marked sent before the batch is let go: a crash in between sends the same digest again, under the same id.
  for (const v of views) await deps.alerts.setDelivery(v.alert.id, routeId, { state: 'sent', at: deps.now(), attempts: attempt });
  await deps.digests.remove(routeId, ids);
  deps.log.info({ route: routeId, channel: route.kind, alerts: views.length }, 'digest sent');
  return { state: 'sent', alerts: views.length };
}
