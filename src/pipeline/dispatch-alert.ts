import { routesFor } from '../alerts/routing';
import type { Route } from '../config/watchlist-schema';
import type { AlertRecord, AlertStore } from '../store/alert-store';

export interface DispatchDeps {
  routes: readonly Route[];
  alerts: AlertStore;
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
