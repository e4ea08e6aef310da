import { dashboardRefusal, isLoopback, MIN_PASSWORD_OFF_LOOPBACK } from '../../../src/ops/open-dashboard';

test.each([
  ['127.0.0.1', true],
  ['127.8.9.10', true],
  ['::1', true],
  ['::ffff:127.0.0.1', true],
  ['localhost', true],
  ['0.0.0.0', false],
  ['::', false],
  ['10.0.0.5', false],
  ['192.168.1.2', false],
  ['worker.internal', false],
])('%s is loopback: %s', (host, loopback) => {
  expect(isLoopback(host)).toBe(loopback);
});

test('off loopback the password must be long; on loopback any password will do', () => {
  const short = 'x'.repeat(MIN_PASSWORD_OFF_LOOPBACK - 1);
  const long = 'x'.repeat(MIN_PASSWORD_OFF_LOOPBACK);
  expect(MIN_PASSWORD_OFF_LOOPBACK).toBe(16);
  expect(dashboardRefusal('127.0.0.1', 'x')).toBeUndefined();
  expect(dashboardRefusal('0.0.0.0', long)).toBeUndefined();
  expect(dashboardRefusal('0.0.0.0', short)).toBe('queue dashboard off: on a non-loopback HTTP_HOST, ADMIN_PASSWORD needs 16 characters or more');
  expect(dashboardRefusal('10.0.0.5', short)).toBeDefined();
  // The refusal never quotes the password it refused.
  expect(dashboardRefusal('0.0.0.0', 'hunter2')).not.toContain('hunter2');
});
