import { routesFor } from '../alerts/routing';
import type { Route } from '../config/watchlist-schema';
import type { AlertRecord, AlertStore } from '../store/alert-store';
import type { SuppressionStore } from '../store/suppression-store';

export interface DispatchDeps {
  routes: readonly Route[];
  alerts: AlertStore;
  suppression: SuppressionStore;
  /** How long a (person, signal) pair stays tied to its first alert. */
  suppressionSeconds: number;
  /** Queue a delivery of one alert on one route (one job per alert and route). */
  enqueueDelivery(alertId: string, routeId: string): Promise<void>;
  /** Put an alert in a digest route's next digest. */
  addToDigest(alertId: string, routeId: string): Promise<void>;
  now(): number;
}

/**
 * Records a new alert and hands it to each of its routes. Returns the ids of the immediate routes it
 * was queued for, or undefined when the alert already existed (the same news, seen again): nothing is
 * sent twice.
 */
export async function dispatchAlert(record: AlertRecord, deps: DispatchDeps): Promise<string[] | undefined> {
  if (await deps.alerts.get(record.alert.id)) return undefined;
  const { alert } = record;
  if (alert.personId && alert.signalIds.length > 0) {
    const firstId = await deps.suppression.claim(alert.personId, alert.signalIds, alert.id, deps.suppressionSeconds);
    const first = firstId === undefined ? undefined : await deps.alerts.get(firstId);
    if (first) {
      const pending = Object.values(await deps.alerts.deliveries(first.alert.id)).some((d) => d.state === 'queued' || d.state === 'digest');
      if (pending) {
        // Not sent yet: the first alert will say "also reported by" instead of a second copy going out.
        const also = first.alsoReportedBy ?? [];
        if (!also.some((a) => a.url === record.article.url)) also.push({ sourceId: record.article.sourceId, url: record.article.url });
        await deps.alerts.update({ ...first, alsoReportedBy: also });
        return undefined;
      }
      // Already sent: a short follow-up, threaded under the first.
      record = { ...record, followUpOf: first.alert.id };
    }
  }
  if (!(await deps.alerts.create(record))) return undefined;
  const routes = routesFor(record.alert, deps.routes);
  const immediate: string[] = [];
  for (const route of routes) {
    if (route.mode === 'digest') {
      await deps.addToDigest(record.alert.id, route.id);
      await deps.alerts.setDelivery(record.alert.id, route.id, { state: 'digest', at: deps.now() });
    } else {
      await deps.enqueueDelivery(record.alert.id, route.id);
      await deps.alerts.setDelivery(record.alert.id, route.id, { state: 'queued', at: deps.now() });
      immediate.push(route.id);
    }
  }
  return immediate;
}
