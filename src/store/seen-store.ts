import { createHash } from 'node:crypto';
import type { RedisClient } from '../queue/redis';
import type { Keys } from './keys';

// How long a claimed article waits for its poll to queue it before the next poll may take it again.
const CLAIM_LEASE_SECONDS = 300;

// The seen set is cut into this many buckets by time, each a hash that expires as a whole.
const BUCKETS_PER_LIFETIME = 10;

export type Claim = 'new' | 'seen' | 'held';

export interface SeenItem {
  articleId: string;
  fingerprint: string;
}

/**
 * Articles already taken in, by canonical id and by content fingerprint.
 *
 * Seen for good is one field per id and one per fingerprint — a short hash, not the id — in a hash per
 * tenth of the lifetime, which expires as a whole: about a third of the memory of a key per article,
 * and the footprint stays bounded by the lifetime with no clean-up. An article is remembered at least
 * the lifetime and at most a tenth longer. A claim (an article taken by a poll, not yet queued) is a
 * key of its own with a short lease, removed when the article is marked seen.
 *
 * Keys of the earlier layout (`seen:<id>`, `seen-fp:<fingerprint>`) are still read, so an upgrade
 * re-alerts nothing; they expire on their own.
 */
export class SeenStore {
  private readonly bucketSeconds: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.bucketSeconds = Math.max(1, Math.floor(ttlSeconds / BUCKETS_PER_LIFETIME));
  }

  /**
   * Claims articles for queueing, all in one atomic step: two workers polling overlapping feeds take
   * each in once. The claim is a lease held by one poll job: the poll stage marks an article seen
   * only after it is queued, so a crash in between leaves it to that job's retry (the same claimant
   * takes its own claims back) or, failing that, to the first poll after the lease.
   *
   * 'new': this claimant holds it now; 'seen': taken in for good (or the same content under another
   * id); 'held': another poll holds it and has not queued it yet.
   */
  async claimAll(items: readonly SeenItem[], claimant: string, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<Claim[]> {
    if (items.length === 0) return [];
    const buckets = this.liveBuckets();
    const keys = [...buckets];
    const args: string[] = [String(buckets.length), `claimed:${claimant}`, String(leaseSeconds)];
    for (const { articleId, fingerprint } of items) {
      keys.push(this.keys.seenClaim(articleId), this.keys.seenContentClaim(fingerprint), this.keys.seen(articleId), this.keys.seenContent(fingerprint));
      args.push(idField(articleId), fingerprintField(fingerprint), articleId, short(articleId));
    }
    const out = (await this.redis.eval(CLAIM_SCRIPT, keys.length, ...keys, ...args)) as string[];
    return out as Claim[];
  }

  async claim(articleId: string, fingerprint: string, claimant: string, leaseSeconds = CLAIM_LEASE_SECONDS): Promise<Claim> {
    const [claim] = await this.claimAll([{ articleId, fingerprint }], claimant, leaseSeconds);
    return claim!;
  }

  /**
   * Whether a poll would take the article in, without claiming it: for a dry run, which must leave
   * every article to the next real poll. An article another poll holds counts as seen.
   */
  async wasSeen(articleId: string, fingerprint: string): Promise<boolean> {
    const buckets = this.liveBuckets();
    const read = this.redis.pipeline();
    for (const b of buckets) read.hget(b, idField(articleId)).hget(b, fingerprintField(fingerprint));
    read
      .get(this.keys.seen(articleId))
      .get(this.keys.seenContent(fingerprint))
      .get(this.keys.seenClaim(articleId))
      .get(this.keys.seenContentClaim(fingerprint));
    const values = ((await read.exec()) ?? []).map(([, v]) => v as string | null);
    const [oldById, oldByContent, claimed, claimedContent] = values.slice(-4);
    const inBuckets = values.slice(0, -4);
    const mine = short(articleId);
    if (inBuckets.some((v, i) => v !== null && (i % 2 === 0 || v !== mine))) return true;
    return (
      oldById != null || claimed != null || (oldByContent != null && oldByContent !== articleId) || (claimedContent != null && claimedContent !== articleId)
    );
  }

  /** Marks articles seen, in one step: once they are queued, or at once for a new source's back catalogue. */
  async markAllSeen(items: readonly SeenItem[]): Promise<void> {
    if (items.length === 0) return;
    const bucket = this.bucketOf(this.clock());
    const key = this.keys.seenBucket(bucket);
    const fields: string[] = [];
    for (const { articleId, fingerprint } of items) fields.push(idField(articleId), '', fingerprintField(fingerprint), short(articleId));
    const expireAt = (bucket + 1) * this.bucketSeconds + this.ttlSeconds;
    const multi = this.redis
      .multi()
      .hset(key, ...fields)
      .expireat(key, expireAt);
    for (const { articleId, fingerprint } of items) multi.del(this.keys.seenClaim(articleId), this.keys.seenContentClaim(fingerprint));
    await multi.exec();
  }

  async markSeen(articleId: string, fingerprint: string): Promise<void> {
    await this.markAllSeen([{ articleId, fingerprint }]);
  }

  private bucketOf(ms: number): number {
    return Math.floor(ms / 1000 / this.bucketSeconds);
  }

  /** Every bucket that can hold an article marked within the lifetime, newest first. */
  private liveBuckets(): string[] {
    const now = this.clock();
    const newest = this.bucketOf(now);
    const oldest = this.bucketOf(now - this.ttlSeconds * 1000);
    const keys: string[] = [];
    for (let b = newest; b >= oldest; b--) keys.push(this.keys.seenBucket(b));
    return keys;
  }
}

/** 66 bits of the id's hash: a collision among a deployment's articles is out of reach. */
function short(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 11);
}

const idField = (articleId: string): string => `i${short(articleId)}`;
const fingerprintField = (fingerprint: string): string => `f${short(fingerprint)}`;

// KEYS: the live buckets, then per article: its claim, its content claim, and the earlier layout's two
// keys. ARGV: bucket count, claimant, lease, then per article: id field, fingerprint field, id, short id.
const CLAIM_SCRIPT = `
local nb = tonumber(ARGV[1])
local mine = ARGV[2]
local lease = tonumber(ARGV[3])
local function inBuckets(field)
  for b = 1, nb do
    local v = redis.call('HGET', KEYS[b], field)
    if v then return v end
  end
  return false
end
local out = {}
local n = (#ARGV - 3) / 4
for i = 0, n - 1 do
  local k = nb + i * 4
  local a = 4 + i * 4
  local claimKey, contentClaimKey, oldSeen, oldContent = KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4]
  local idField, fpField, id, shortId = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local result = 'new'
  local old = redis.call('GET', oldSeen)
  if inBuckets(idField) or old == '1' then
    result = 'seen'
  else
    local holder = redis.call('GET', claimKey) or old
    if holder and holder ~= mine then
      result = 'held'
    else
      local byContent = inBuckets(fpField)
      local oldByContent = redis.call('GET', oldContent)
      local claimedContent = redis.call('GET', contentClaimKey)
      if (byContent and byContent ~= shortId) or (oldByContent and oldByContent ~= id) or (claimedContent and claimedContent ~= id) then
        result = 'seen'
      else
        redis.call('SET', claimKey, mine, 'EX', lease)
        redis.call('SET', contentClaimKey, id, 'EX', lease)
      end
    end
  end
  out[#out + 1] = result
end
return out
`;
