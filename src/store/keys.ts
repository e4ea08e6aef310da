/**
 * Every key exilewatch writes besides BullMQ's own, in one place. All share the deployment's hash-tag
 * prefix (see queue/redis.ts); docs/redis.md lists them with their lifetimes.
 */
export class Keys {
  constructor(private readonly prefix: string) {}

  /** A hash of the articles marked seen in one stretch of time (store/seen-store.ts). */
  seenBucket(bucket: number): string {
    return `${this.prefix}:seen-set:${bucket}`;
  }
  seenClaim(articleId: string): string {
    return `${this.prefix}:claim:${articleId}`;
  }
  seenContentClaim(fingerprint: string): string {
    return `${this.prefix}:claim-fp:${fingerprint}`;
  }
  /** The earlier layout's key per seen article, still read until it expires. */
  seen(articleId: string): string {
    return `${this.prefix}:seen:${articleId}`;
  }
  seenContent(fingerprint: string): string {
    return `${this.prefix}:seen-fp:${fingerprint}`;
  }
  article(articleId: string): string {
    return `${this.prefix}:article:${articleId}`;
  }
  // Not under `replay:`, the replay queue's own namespace: removing that queue must not take the text.
  replayArticle(articleId: string): string {
    return `${this.prefix}:replay-text:${articleId}`;
  }
  replayIndex(): string {
    return `${this.prefix}:replay-index`;
  }
  source(sourceId: string): string {
    return `${this.prefix}:source:${sourceId}`;
  }
  sources(): string {
    return `${this.prefix}:sources`;
  }
  alert(alertId: string): string {
    return `${this.prefix}:alert:${alertId}`;
  }
  alertHistory(): string {
    return `${this.prefix}:alerts`;
  }
  alsoReported(alertId: string): string {
    return `${this.prefix}:also:${alertId}`;
  }
  deliveries(alertId: string): string {
    return `${this.prefix}:deliveries:${alertId}`;
  }
  suppression(personOrArticle: string, signal: string): string {
    return `${this.prefix}:suppress:${personOrArticle}:${signal}`;
  }
  digest(routeId: string): string {
    return `${this.prefix}:digest:${routeId}`;
  }
  digestInFlight(routeId: string): string {
    return `${this.prefix}:digest-sending:${routeId}`;
  }
  pace(routeId: string): string {
    return `${this.prefix}:pace:${routeId}`;
  }
  worker(workerId: string): string {
    return `${this.prefix}:worker:${workerId}`;
  }
  workers(): string {
    return `${this.prefix}:workers`;
  }
  /** A pub/sub channel, not a key: `exilewatch reload` publishes on it, every running worker listens. */
  reloadChannel(): string {
    return `${this.prefix}:config-reload`;
  }
}
