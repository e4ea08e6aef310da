import type { LookupAddress } from 'node:dns';
import { blockedRange, guardedLookup, ipLiteral, type LookupFunction } from '../../../src/sources/address-policy';
import { FetchError } from '../../../src/sources/fetch-error';

describe('blockedRange', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['2002:c0a8:0101::1', 'private'],
    ['not an address', 'invalid'],
  ])('%s is refused (%s)', (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  test.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('%s is allowed', (address) => {
    expect(blockedRange(address)).toBeUndefined();
  });
});

describe('ipLiteral', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['feeds.example.org', undefined],
    ['1', undefined],
  ])('%s → %s', (host, literal) => {
    expect(ipLiteral(host)).toBe(literal);
  });
});

describe('guardedLookup', () => {
  const resolver =
    (table: Record<string, string[]>): LookupFunction =>
    (hostname, _options, callback) => {
      const addresses = table[hostname];
      if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(
        null,
        addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
  const table = {
    'public.example': ['93.184.216.34'],
    'rebind.example': ['127.0.0.1'],
    'mixed.example': ['93.184.216.34', '10.0.0.7'],
  };

  function lookup(host: string, all: boolean): Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }> {
    return new Promise((resolve) => guardedLookup(resolver(table))(host, { all }, (err, address, family) => resolve({ err, address, family })));
  }

  test('a public name resolves, in both callback shapes', async () => {
    expect(await lookup('public.example', false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect((await lookup('public.example', true)).address).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  test('a name resolving to loopback is refused at connect time', async () => {
    const { err } = await lookup('rebind.example', false);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as unknown as FetchError).kind).toBe('blocked-address');
    expect(err?.message).toContain('rebind.example (127.0.0.1)');
  });

  test('a name with any private address is refused, not filtered', async () => {
    const { err } = await lookup('mixed.example', true);
    expect((err as unknown as FetchError).kind).toBe('blocked-address');
  });

  test('resolver errors pass through', async () => {
    const { err } = await lookup('missing.example', false);
    expect(err?.code).toBe('ENOTFOUND');
  });

  test('a custom policy decides instead of the default', async () => {
    const onlyLoopback = guardedLookup(resolver(table), (a) => (a === '127.0.0.1' ? undefined : 'not the test server'));
    const results = await Promise.all(
      ['rebind.example', 'public.example'].map((h) => new Promise<NodeJS.ErrnoException | null>((resolve) => onlyLoopback(h, {}, (err) => resolve(err)))),
    );
    expect(results[0]).toBeNull();
    expect(results[1]?.message).toContain('not the test server');
  });
});
