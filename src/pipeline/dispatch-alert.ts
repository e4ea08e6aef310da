import { routesFor } from '../alerts/routing';
import type { Route } from '../config/watchlist-schema';
import type { AlertRecord, AlertStore } from '../store/alert-store';
import type { SuppressionStore } from '../store/suppression-store';
import type { KillPoint } from '../worker/kill-point';

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
  /** Fault tests only (worker/kill-point.ts). */
  killPoint?: KillPoint;
}

export interface Dispatched {
  /** False when the alert was already recorded (the same news seen again, or a retried job). */
  created: boolean;
  /** Immediate routes queued by this call. */
  queued: string[];
}

/**
 * Records an alert and hands it to each of its routes, in an order that is safe to crash at any step:
 * the record first, then each route's job (by a job id derived from alert and route), then the route's
 * state, set only if it has none. A retried job finds the record and queues whatever its predecessor
 * left unqueued; routes already handed over are left alone, so nothing is sent twice.
 */
export async function dispatchAlert(record: AlertRecord, deps: DispatchDeps): Promise<Dispatched> {
  const existing = await deps.alerts.get(record.alert.id);
  if (existing) return { created: false, queued: await handOver(existing, deps) };
  const { alert } = record;
  if (alert.personId && alert.signalIds.length > 0) {
    const firstId = await deps.suppression.claim(alert.personId, alert.signalIds, alert.id, deps.suppressionSeconds);
    const first = firstId === undefined ? undefined : await deps.alerts.get(firstId);
    if (first) {
      if (await nothingStarted(first.alert.id, deps)) {
        // Nothing sent yet: the first alert will say "also reported by" instead of a second copy going out.
        await deps.alerts.addAlsoReported(first.alert.id, { sourceId: record.article.sourceId, url: record.article.url }, deps.now());
        // A delivery marks itself `sending` before it reads the record. If one started since the check
        // above, it may have read the record before the fold: then the report goes out as a follow-up
        // too (shown twice at worst, never missing).
        if (await nothingStarted(first.alert.id, deps)) return { created: false, queued: [] };
      }
      // Sent on some route: a short follow-up to every route, threaded under the first.
      record = { ...record, followUpOf: first.alert.id };
    }
  }
  if (!(await deps.alerts.create(record))) return { created: false, queued: await handOver((await deps.alerts.get(record.alert.id)) ?? record, deps) };
  await deps.killPoint?.('dispatch:recorded');
  return { created: true, queued: await handOver(record, deps) };
}

/** True while every route of the alert is still waiting: nothing has been rendered for sending. */
async function nothingStarted(alertId: string, deps: DispatchDeps): Promise<boolean> {
  const states = Object.values(await deps.alerts.deliveries(alertId));
  return states.length > 0 && states.every((d) => d.state === 'queued' || d.state === 'digest');
}

/** Queues every route of the alert that has no state yet; returns the immediate ones it queued. */
async function handOver(record: AlertRecord, deps: DispatchDeps): Promise<string[]> {
  const routes = routesFor(record.alert, deps.routes);
  const handed = await deps.alerts.deliveries(record.alert.id);
  const immediate: string[] = [];
  for (const route of routes) {
    if (handed[route.id]) continue;
    if (route.mode === 'digest') {
      await deps.addToDigest(record.alert.id, route.id);
      await deps.alerts.initDelivery(record.alert.id, route.id, { state: 'digest', at: deps.now() });
    } else {
      await deps.enqueueDelivery(record.alert.id, route.id);
      await deps.alerts.initDelivery(record.alert.id, route.id, { state: 'queued', at: deps.now() });
      immediate.push(route.id);
    }
  }
  return immediate;
}
