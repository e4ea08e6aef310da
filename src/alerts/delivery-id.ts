import { createHash } from 'node:crypto';

/**
 * Identities of what is sent, derived from what is sent: the same alert on the same route is the same
 * delivery on every attempt, so receivers (mail clients threading, webhook consumers de-duplicating)
 * can recognise a repeat.
 */
export function deliveryId(alertId: string, routeId: string): string {
  return `${alertId}.${routeId}`;
}

/** Message-ID of an alert's email on a route; a follow-up points its In-Reply-To here. */
export function alertMessageId(alertId: string, routeId: string, domain: string): string {
  return `<alert-${deliveryId(alertId, routeId)}@${domain}>`;
}

/** Identity of a digest: its route and the alerts it carries, whatever order they came in. */
export function digestId(routeId: string, alertIds: readonly string[]): string {
  const digest = createHash('sha256')
    .update([...alertIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `digest-${routeId}-${digest}`;
}

export function digestMessageId(routeId: string, alertIds: readonly string[], domain: string): string {
  return `<${digestId(routeId, alertIds)}@${domain}>`;
}
