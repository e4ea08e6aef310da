/**
 * Every key exilewatch writes besides BullMQ's own, in one place; docs/redis.md lists them with their
 * lifetimes. On a single Redis all share the deployment's hash-tag prefix (`{exilewatch}:alert:…`),
 * the layout earlier versions wrote. With `spread` (a Redis Cluster) keys that one command or
 * transaction touches together share a hash tag of their own — the seen set and its claims, an alert
 * and its deliveries, a route's digest — and the rest are tagged by their own id, so the load spreads
 * over every shard.
 */
export class Keys {
  private readonly name: string;

  constructor(
    private readonly prefix: string,
    private readonly spread = false,
  ) {
    this.name = prefix.replace(/^\{|\}$/g, '');
  }

  /** A key that transactions use with others of `group` (one slot per group on a cluster). */
  private grouped(group: string, rest: string): string {
    return this.spread ? `{${this.name}:${group}}:${rest}` : `${this.prefix}:${rest}`;
  }

  /** A key of its own, or with others of the same `id` (an alert's record and its deliveries). */
  private byId(kind: string, id: string): string {
    return this.spread ? `${this.name}:${kind}:{${id}}` : `${this.prefix}:${kind}:${id}`;
  }

  /** A hash of the articles marked seen in one stretch of time (store/seen-store.ts). */
  seenBucket(bucket: number): string {
    return this.grouped('seen', `seen-set:${bucket}`);
  }
  seenClaim(articleId: string): string {
    return this.grouped('seen', `claim:${articleId}`);
  }
  seenContentClaim(fingerprint: string): string {
    return this.grouped('seen', `claim-fp:${fingerprint}`);
  }
  /** The earlier layout's key per seen article, still read until it expires. */
  seen(articleId: string): string {
    return this.grouped('seen', `seen:${articleId}`);
  }
  seenContent(fingerprint: string): string {
    return this.grouped('seen', `seen-fp:${fingerprint}`);
  }
  article(articleId: string): string {
    return this.byId('article', articleId);
  }
  // Not under `replay:`, the replay queue's own namespace: removing that queue must not take the text.
  replayArticle(articleId: string): string {
    return this.byId('replay-text', articleId);
  }
  replayIndex(): string {
    return this.grouped('replay-index', 'replay-index');
  }
  source(sourceId: string): string {
    return this.grouped('sources', `source:${sourceId}`);
  }
  sources(): string {
    return this.grouped('sources', 'sources');
  }
  alert(alertId: string): string {
    return this.byId('alert', alertId);
  }
  alertHistory(): string {
    return this.grouped('alerts', 'alerts');
  }
  alsoReported(alertId: string): string {
    return this.byId('also', alertId);
  }
  deliveries(alertId: string): string {
    return this.byId('deliveries', alertId);
  }
  suppression(personOrArticle: string, signal: string): string {
    return this.byId('suppress', `${personOrArticle}:${signal}`);
  }
  digest(routeId: string): string {
    return this.byId('digest', routeId);
  }
  digestInFlight(routeId: string): string {
    return this.byId('digest-sending', routeId);
  }
  pace(routeId: string): string {
    return this.byId('pace', routeId);
  }
  worker(workerId: string): string {
    return this.grouped('workers', `worker:${workerId}`);
  }
  workers(): string {
    return this.grouped('workers', 'workers');
  }
  /** A pub/sub channel, not a key: `exilewatch reload` publishes on it, every running worker listens. */
  reloadChannel(): string {
    return `${this.prefix}:config-reload`;
  }
}
