import type { Route } from '../../config/watchlist-schema';
import type { Evidence } from '../alert';
import { deliveryId, digestId } from '../delivery-id';
import { alertFacts, type AlertFacts } from '../redact';
import { groupForDigest } from './digest-groups';
import type { AlertView } from './view';

export { signWebhook, verifyWebhook, webhookSignatureProblem, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';

/*
 * The webhook payload, version 1, documented field by field in docs/webhooks.md. Absent values are null
 * rather than missing, so receivers see the same keys on every alert. Article text is passed as it was
 * read (receivers must escape it before display); evidence highlight offsets index into that text.
 */

export type WebhookPerson = { id: string; name: string; caseCode: string } | { caseCode: string };

export interface WebhookAlertV1 {
  id: string;
  kind: 'article' | 'source-health';
  rule: string;
  ruleDescription: string | null;
  severity: AlertFacts['severity'];
  redacted: boolean;
  person: WebhookPerson | null;
  signals: Array<{ id: string; label: string }>;
  contexts: Array<{ id: string; label: string; kind: string }>;
  entries: string[];
  snippet: string | null;
  evidence: Evidence[];
  detectedAt: string | null;
  followUpOf: string | null;
  /** What staff should do; always empty on a redacted route. */
  actions: Array<{ do: string; contact: string | null; note: string | null }>;
}

export interface WebhookArticleV1 {
  id: string | null;
  url: string;
  title: string | null;
  sourceId: string;
  sourceName: string | null;
  publishedAt: string | null;
  /** Seconds from publication to this request; negative when the feed dates the article ahead. */
  ageSeconds: number | null;
  oldStory: boolean;
}

export interface WebhookReportV1 {
  sourceId: string;
  url: string;
  sourceName: string | null;
}

export interface WebhookDeliveryV1 {
  id: string;
  route: string;
  attempt: number;
}

export interface WebhookAlertPayloadV1 {
  version: 1;
  type: 'alert';
  alert: WebhookAlertV1;
  article: WebhookArticleV1;
  alsoReportedBy: WebhookReportV1[];
  delivery: WebhookDeliveryV1;
}

export interface WebhookDigestPayloadV1 {
  version: 1;
  type: 'digest';
  period: { end: string; every: 'hourly' | 'daily' };
  alerts: Array<Omit<WebhookAlertPayloadV1, 'version' | 'type' | 'delivery'>>;
  delivery: WebhookDeliveryV1;
}

/** The exact bytes to send and sign, and the delivery id receivers de-duplicate on. */
export interface RenderedWebhook<P> {
  payload: P;
  body: string;
  deliveryId: string;
}

/** One alert for one webhook route; `attempt` counts from 1, `now` is when the request is rendered. */
export function renderWebhookAlert(view: AlertView, delivery: { now: number; attempt?: number }): RenderedWebhook<WebhookAlertPayloadV1> {
  const f = alertFacts(view, delivery.now);
  const id = deliveryId(f.alertId, f.routeId);
  const payload: WebhookAlertPayloadV1 = {
    version: 1,
    type: 'alert',
    ...alertParts(f, view),
    delivery: { id, route: f.routeId, attempt: delivery.attempt ?? 1 },
  };
  return { payload, body: JSON.stringify(payload), deliveryId: id };
}

/** A digest route's alerts in one request, in the digest's order (by person, most severe first). */
export function renderWebhookDigest(
  views: readonly AlertView[],
  opts: { route: Route; now: number; attempt?: number },
): RenderedWebhook<WebhookDigestPayloadV1> {
  const byId = new Map(views.map((v) => [v.alert.id, v]));
  const items = groupForDigest(views, opts.route, opts.now).flatMap((g) => g.items);
  const id = digestId(
    opts.route.id,
    items.map((f) => f.alertId),
  );
  const payload: WebhookDigestPayloadV1 = {
    version: 1,
    type: 'digest',
    period: { end: new Date(opts.now).toISOString(), every: opts.route.digest?.every ?? 'daily' },
    alerts: items.map((f) => alertParts(f, byId.get(f.alertId)!)),
    delivery: { id, route: opts.route.id, attempt: opts.attempt ?? 1 },
  };
  return { payload, body: JSON.stringify(payload), deliveryId: id };
}

function alertParts(f: AlertFacts, view: AlertView): Omit<WebhookAlertPayloadV1, 'version' | 'type' | 'delivery'> {
  return {
    alert: {
      id: f.alertId,
      kind: f.origin === 'source-health' ? 'source-health' : 'article',
      rule: f.rule,
      ruleDescription: f.ruleDescription ?? null,
      severity: f.severity,
      redacted: f.redacted,
      person: person(f),
      signals: f.signals.map((s) => ({ id: s.id, label: s.label })),
      contexts: f.contexts.map((c) => ({ id: c.id, label: c.label, kind: c.kind })),
      entries: f.entries,
      snippet: f.snippet ?? null,
      evidence: f.evidence.map(validEvidence),
      detectedAt: f.detectedAt === undefined ? null : new Date(f.detectedAt).toISOString(),
      followUpOf: f.followUpOf ?? null,
      actions: f.actions.map((a) => ({ do: a.do, contact: a.contact ?? null, note: a.note ?? null })),
    },
    article: {
      id: view.article.id ?? null,
      url: f.url,
      title: f.title ?? null,
      sourceId: f.sourceId,
      sourceName: f.sourceName ?? null,
      publishedAt: f.publishedAt ?? null,
      ageSeconds: f.ageMs === undefined ? null : Math.trunc(f.ageMs / 1000),
      oldStory: f.oldStory,
    },
    alsoReportedBy: f.alsoReportedBy.map((r) => ({ sourceId: r.sourceId, url: r.url, sourceName: r.sourceName ?? null })),
  };
}

function person(f: AlertFacts): WebhookPerson | null {
  if (!f.caseCode) return null;
  if (f.redacted || !f.personRef || !f.who) return { caseCode: f.caseCode };
  return { id: f.personRef, name: f.who, caseCode: f.caseCode };
}

// Receivers slice the text with these offsets; one out of range must not reach them.
function validEvidence(e: Evidence): Evidence {
  return {
    field: e.field,
    text: e.text,
    highlights: e.highlights
      .filter((h) => Number.isInteger(h.start) && Number.isInteger(h.end) && h.start >= 0 && h.start < h.end && h.end <= e.text.length)
      .map((h) => ({ start: h.start, end: h.end, kind: h.kind })),
  };
}
