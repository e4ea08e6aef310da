import { forTerminal } from '../util/terminal-text';

/**
 * Per-source health: what went right and wrong last, and when to look again. A failing source is
 * probed less and less often, up to a cap, and never abandoned: silent loss of coverage is worse than
 * a noisy log.
 */
export interface SourceHealth {
  sourceId: string;
  etag?: string;
  lastModified?: string;
  /** The feed URL found on an HTML page that advertises one. */
  feedUrl?: string;
  feedUrlFoundOn?: string;
  lastCheckAt?: number;
  /** The first successful poll: a source cannot have gone silent before it has been watched that long. */
  firstSuccessAt?: number;
  lastSuccessAt?: number;
  lastErrorAt?: number;
  lastErrorKind?: string;
  lastErrorMessage?: string;
  consecutiveFailures: number;
  /** Polls before this time are skipped (back-off, or the server's Retry-After). */
  nextCheckAt?: number;
  /** Publication time of the newest item seen. */
  newestItemAt?: number;
  /** Items a day the feed has been publishing, estimated from its own dates. */
  itemsPerDay?: number;
  /** When operators were last told about this source, so they are told once per incident. */
  alertedAt?: number;
  alertedReason?: 'failing' | 'silent';
  /** The last successful poll's charset trouble (a declared charset the bytes contradict), if any. */
  charsetNote?: string;
}

export interface Failure {
  kind: string;
  message: string;
  retryAfterMs?: number;
}

export const BACKOFF_CAP_MS = 6 * 3_600_000;
// Scheduled slots arrive a little early or late; this keeps a slot that is due from being skipped.
const SLOT_TOLERANCE_MS = 60_000;

export function emptyHealth(sourceId: string): SourceHealth {
  return { sourceId, consecutiveFailures: 0 };
}

export function recordSuccess(
  h: SourceHealth,
  now: number,
  r: { etag?: string; lastModified?: string; feedUrl?: string; feedUrlFoundOn?: string; itemDates: number[]; charsetNote?: string },
): SourceHealth {
  const next: SourceHealth = { ...h, lastCheckAt: now, firstSuccessAt: h.firstSuccessAt ?? now, lastSuccessAt: now, consecutiveFailures: 0 };
  delete next.nextCheckAt;
  if (next.alertedReason === 'failing') {
    delete next.alertedAt;
    delete next.alertedReason;
  }
  if (r.etag !== undefined) next.etag = r.etag;
  if (r.lastModified !== undefined) next.lastModified = r.lastModified;
  if (r.feedUrl !== undefined) next.feedUrl = r.feedUrl;
  if (r.feedUrlFoundOn !== undefined) next.feedUrlFoundOn = r.feedUrlFoundOn;
  if (r.charsetNote !== undefined) next.charsetNote = r.charsetNote;
  else delete next.charsetNote;
  const dates = r.itemDates.filter((d) => Number.isFinite(d) && d <= now + 86_400_000);
  if (dates.length > 0) {
    const newest = Math.max(...dates);
    if (newest > (h.newestItemAt ?? 0)) {
      next.newestItemAt = newest;
      if (next.alertedReason === 'silent') {
        delete next.alertedAt;
        delete next.alertedReason;
      }
    }
    if (dates.length >= 3) {
      const days = Math.max(1, (newest - Math.min(...dates)) / 86_400_000);
      next.itemsPerDay = dates.length / days;
    }
  }
  return next;
}

/**
 * Exponential back-off from the source's own interval, capped; a Retry-After from the server wins
 * when it asks for longer.
 */
const MAX_ERROR_CHARS = 300;

export function recordFailure(h: SourceHealth, now: number, f: Failure, intervalMs: number, capMs = BACKOFF_CAP_MS): SourceHealth {
  const failures = h.consecutiveFailures + 1;
  const next: SourceHealth = {
    ...h,
    lastCheckAt: now,
    lastErrorAt: now,
    lastErrorKind: f.kind,
    // Quoted from a server's answer: stored cleaned and short, as status and once print it.
    lastErrorMessage: forTerminal(f.message).slice(0, MAX_ERROR_CHARS),
    consecutiveFailures: failures,
  };
  // The first failure waits for the next regular slot; back-off starts from the second.
  const backoff = failures > 1 ? Math.min(capMs, intervalMs * 2 ** (failures - 1)) : 0;
  const wait = Math.max(backoff, Math.min(f.retryAfterMs ?? 0, capMs));
  if (wait > 0) next.nextCheckAt = now + wait - Math.min(intervalMs / 2, SLOT_TOLERANCE_MS);
  else delete next.nextCheckAt;
  return next;
}

export function dueForCheck(h: SourceHealth, now: number): boolean {
  return h.nextCheckAt === undefined || h.nextCheckAt <= now;
}

/** Whether operators should hear about this source now, and why. Once per incident. */
export function healthAlertReason(
  h: SourceHealth,
  now: number,
  opts: { failuresBeforeAlert: number; silentAfterMs: number },
): 'failing' | 'silent' | undefined {
  if (h.alertedReason) return undefined;
  if (h.consecutiveFailures >= opts.failuresBeforeAlert) return 'failing';
  const daily = (h.itemsPerDay ?? 0) >= 1;
  // Silence is measured from when watching began: a feed whose newest item is old on its first poll
  // has not gone silent on us.
  const watchedFor = now - (h.firstSuccessAt ?? now);
  if (daily && h.newestItemAt !== undefined && now - h.newestItemAt > opts.silentAfterMs && watchedFor > opts.silentAfterMs) return 'silent';
  return undefined;
}
