import { killPointFrom } from '../../../src/worker/kill-point';

test('unset, there is no kill point', () => {
  expect(killPointFrom(undefined)).toBeUndefined();
  expect(killPointFrom('')).toBeUndefined();
});

test.each(['deliver:sent', 'deliver:sent:x', 'deliver:sent:1:', 'Deliver:sent:1', 'deliver:sent:1:2:3'])('"%s" is refused with the form it expects', (spec) => {
  expect(() => killPointFrom(spec)).toThrow(/step:count/);
});

test('other steps and earlier passes go on untouched', async () => {
  const point = killPointFrom('deliver:sent:3:10');
  expect(point).toBeDefined();
  // Reaching another step, or this one fewer than three times, returns normally.
  await expect(point!('poll:claimed')).resolves.toBeUndefined();
  await expect(point!('deliver:sent')).resolves.toBeUndefined();
  await expect(point!('deliver:sent')).resolves.toBeUndefined();
});
