import type { Route } from '../config/watchlist-schema';
import { severityRank } from '../config/severity';
import type { Alert } from './alert';

/**
 * The enabled routes an alert goes to: those its rule and its person name, at or above each route's
 * minimum severity. A route disabled for want of its ${VAR} is simply absent from `routes`.
 */
export function routesFor(alert: Pick<Alert, 'routes' | 'severity'>, routes: readonly Route[]): Route[] {
  return routes.filter((r) => alert.routes.includes(r.id) && severityRank(alert.severity) >= severityRank(r.minSeverity));
}
