import calculateSlot from 'cluster-key-slot';
import { Keys } from '../../../src/store/keys';
import { queuePrefix } from '../../../src/queue/redis';

const single = new Keys('{exilewatch}');
const spread = new Keys('{exilewatch}', true);

test('on a single Redis every key keeps the layout earlier versions wrote, under the one hash tag', () => {
  expect(single.alert('a1')).toBe('{exilewatch}:alert:a1');
  expect(single.seenBucket(7)).toBe('{exilewatch}:seen-set:7');
  expect(single.digest('daily')).toBe('{exilewatch}:digest:daily');
  expect(queuePrefix({ url: 'redis://x', prefix: '{exilewatch}' }, 'poll')).toBe('{exilewatch}');
});

test('spread over a cluster: keys used together share a slot, the rest spread by id, queues by name', () => {
  const slot = (k: string) => calculateSlot(k);
  // One script or transaction each: the seen set and its claims, an alert and its records, a digest.
  expect(new Set([spread.seenBucket(1), spread.seenClaim('x'), spread.seenContentClaim('f'), spread.seen('x')].map(slot)).size).toBe(1);
  expect(new Set([spread.alert('a1'), spread.alsoReported('a1'), spread.deliveries('a1')].map(slot)).size).toBe(1);
  expect(slot(spread.digest('daily'))).toBe(slot(spread.digestInFlight('daily')));
  expect(slot(spread.worker('w1'))).toBe(slot(spread.workers()));
  expect(slot(spread.source('s1'))).toBe(slot(spread.sources()));
  // Spread: many alerts (and article bodies) land in many slots.
  expect(new Set(Array.from({ length: 50 }, (_, i) => slot(spread.alert(`a${i}`)))).size).toBeGreaterThan(40);
  expect(new Set(Array.from({ length: 50 }, (_, i) => slot(spread.article(`id${i}`)))).size).toBeGreaterThan(40);
  const config = { url: 'redis://x', prefix: '{exilewatch}', cluster: [{ host: 'a', port: 1 }] };
  expect(new Set(['poll', 'article', 'deliver', 'digest', 'replay'].map((q) => slot(`${queuePrefix(config, q)}:${q}:wait`))).size).toBe(5);
});
