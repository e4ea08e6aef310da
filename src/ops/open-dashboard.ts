import type { RequestListener } from 'node:http';
import ipaddr from 'ipaddr.js';
import type { Queues } from '../queue/queues';
import type { Logger } from '../util/logger';
import { ADMIN_USER, requireBasicAuth } from './basic-auth';
import { DASHBOARD_PATH } from './http-server';

/**
 * Off loopback the password is all that stands between the network and the queues, and nothing
 * slows down guessing: long enough that guessing is hopeless (`openssl rand -base64 18` gives 24).
 */
export const MIN_PASSWORD_OFF_LOOPBACK = 16;

/** Whether only this machine can reach an address; a host name other than localhost counts as reachable. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/** Why the dashboard stays off with this password on this address, or undefined when it may open. */
export function dashboardRefusal(host: string, password: string): string | undefined {
  if (isLoopback(host) || password.length >= MIN_PASSWORD_OFF_LOOPBACK) return undefined;
  return `queue dashboard off: on a non-loopback HTTP_HOST, ADMIN_PASSWORD needs ${MIN_PASSWORD_OFF_LOOPBACK} characters or more`;
}

/**
 * The dashboard route when ADMIN_PASSWORD turns it on and the address allows it, else undefined. A
 * refused password is one error line and a worker without the dashboard: the alerts matter more.
 */
export function openDashboard(http: { host: string; adminPassword?: string }, queues: Queues, log: Logger): RequestListener | undefined {
  const { host, adminPassword: password } = http;
  if (password === undefined) return undefined;
  const refusal = dashboardRefusal(host, password);
  if (refusal) {
    log.error({ host }, refusal);
    return undefined;
  }
  if (!isLoopback(host)) {
    log.warn(
      { host, path: DASHBOARD_PATH },
      'queue dashboard on a non-loopback address: its password crosses the network in clear; publish the port on loopback or behind TLS',
    );
  }
  // Required here, not imported: without ADMIN_PASSWORD neither Bull Board nor express is loaded.
  const { queueDashboard } = require('./queue-dashboard') as typeof import('./queue-dashboard');
  const handler = requireBasicAuth(password, queueDashboard(queues, log));
  log.info({ path: DASHBOARD_PATH, user: ADMIN_USER, read_only: true }, 'queue dashboard on');
  return handler;
}
