// Real Redis (started by `npm test`): the same person and signal reported again within the window is
// folded into the first alert while it waits, and becomes a threaded follow-up once it has gone out.
import type { Alert } from '../../../src/alerts/alert';
import { dispatchAlert, type DispatchDeps } from '../../../src/pipeline/dispatch-alert';
import type { RedisConnections } from '../../../src/queue/redis';
import { createStores, type Stores } from '../../../src/store';
import type { AlertRecord } from '../../../src/store/alert-store';
import { dropPrefix, testConnections } from '../../helpers/redis';
import { ROUTES } from '../../fixtures/alerts/views';

let conns: RedisConnections;
let stores: Stores;
let queued: string[];
let deps: DispatchDeps;

beforeEach(() => {
  conns = testConnections();
  stores = createStores(conns.create(), conns.config.prefix);
  queued = [];
  deps = {
    routes: [ROUTES.email],
    alerts: stores.alerts,
    suppression: stores.suppression,
    suppressionSeconds: 3600,
    enqueueDelivery: (alertId) => Promise.resolve(void queued.push(alertId)),
    addToDigest: () => Promise.resolve(),
    now: () => Date.now(),
  };
});

afterEach(async () => {
  await dropPrefix(conns);
  await conns.closeAll();
});

function record(id: string, source: string, signalIds = ['arrest-detention']): AlertRecord {
  const alert: Alert = {
    id,
    articleId: `article-${id}`,
    rule: 'person-pursued',
    severity: 'high',
    entries: ['mu-sochua', ...signalIds],
    personId: 'mu-sochua',
    signalIds,
    contextIds: [],
    snippet: 's',
    evidence: [],
    routes: ['desk'],
  };
  return {
    alert,
    article: { id: `article-${id}`, sourceId: source, url: `https://${source}.example/story`, title: 'Held at the airport' },
    createdAt: Date.now(),
  };
}

test('a republished story is folded into the first alert while it has not gone out', async () => {
  expect(await dispatchAlert(record('first', 'wire'), deps)).toEqual({ created: true, queued: ['desk'] });
  expect(await dispatchAlert(record('second', 'daily'), deps)).toEqual({ created: false, queued: [] });
  expect(await dispatchAlert(record('third', 'weekly'), deps)).toEqual({ created: false, queued: [] });
  expect(queued).toEqual(['first']);
  expect((await stores.alerts.get('first'))!.alsoReportedBy).toEqual([
    { sourceId: 'daily', url: 'https://daily.example/story' },
    { sourceId: 'weekly', url: 'https://weekly.example/story' },
  ]);
  expect(await stores.alerts.get('second')).toBeUndefined();
});

test('once the first alert has gone out, the next report is a follow-up of it', async () => {
  await dispatchAlert(record('first', 'wire'), deps);
  await stores.alerts.setDelivery('first', 'desk', { state: 'sent', at: Date.now() });
  expect(await dispatchAlert(record('later', 'daily'), deps)).toEqual({ created: true, queued: ['desk'] });
  expect((await stores.alerts.get('later'))!.followUpOf).toBe('first');
});

test('once the first alert has gone out on one route, a follow-up goes to every route', async () => {
  const two = { ...deps, routes: [...deps.routes, { ...deps.routes[0]!, id: 'wire-desk' }] };
  const rec = (id: string, source: string): AlertRecord => {
    const r = record(id, source);
    return { ...r, alert: { ...r.alert, routes: ['desk', 'wire-desk'] } };
  };
  await dispatchAlert(rec('first', 'wire'), two);
  await stores.alerts.setDelivery('first', 'desk', { state: 'sent', at: Date.now() });
  expect(await dispatchAlert(rec('later', 'daily'), two)).toEqual({ created: true, queued: ['desk', 'wire-desk'] });
  expect((await stores.alerts.get('later'))!.followUpOf).toBe('first');
});

test('once a delivery has started, the next report is a follow-up: it may have been rendered without it', async () => {
  await dispatchAlert(record('first', 'wire'), deps);
  await stores.alerts.setDelivery('first', 'desk', { state: 'sending', at: Date.now(), attempts: 1 });
  expect(await dispatchAlert(record('later', 'daily'), deps)).toEqual({ created: true, queued: ['desk'] });
  expect((await stores.alerts.get('later'))!.followUpOf).toBe('first');
});

test('a delivery that starts while a report is being folded in makes that report a follow-up too', async () => {
  await dispatchAlert(record('first', 'wire'), deps);
  // The delivery marks itself and reads the record between the fold's check and its write.
  const alerts = Object.create(stores.alerts) as Stores['alerts'];
  alerts.addAlsoReported = async (...args) => {
    await stores.alerts.setDelivery('first', 'desk', { state: 'sending', at: Date.now(), attempts: 1 });
    await stores.alerts.addAlsoReported(...args);
  };
  expect(await dispatchAlert(record('later', 'daily'), { ...deps, alerts })).toEqual({ created: true, queued: ['desk'] });
  expect((await stores.alerts.get('later'))!.followUpOf).toBe('first');
});

test('a run killed after recording the alert is finished by the retry, and a finished one is left alone', async () => {
  let failures = 1;
  const flaky = {
    ...deps,
    enqueueDelivery: (alertId: string) => {
      if (failures-- > 0) return Promise.reject(new Error('killed before the delivery was queued'));
      queued.push(alertId);
      return Promise.resolve();
    },
  };
  await expect(dispatchAlert(record('first', 'wire'), flaky)).rejects.toThrow('killed');
  expect(await stores.alerts.deliveries('first')).toEqual({});
  expect(await dispatchAlert(record('first', 'wire'), flaky)).toEqual({ created: false, queued: ['desk'] });
  expect(queued).toEqual(['first']);
  expect(await dispatchAlert(record('first', 'wire'), flaky)).toEqual({ created: false, queued: [] });
  expect(queued).toEqual(['first']);
});

test('a late "queued" never hides a delivery already recorded as sent', async () => {
  await stores.alerts.setDelivery('x', 'desk', { state: 'sent', at: 1 });
  await stores.alerts.initDelivery('x', 'desk', { state: 'queued', at: 2 });
  expect((await stores.alerts.deliveries('x')).desk!.state).toBe('sent');
});

test('another signal about the same person is news of its own', async () => {
  await dispatchAlert(record('first', 'wire'), deps);
  expect(await dispatchAlert(record('other', 'wire', ['deportation']), deps)).toEqual({ created: true, queued: ['desk'] });
  expect((await stores.alerts.get('other'))!.followUpOf).toBeUndefined();
});
