import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetch-error';

/**
 * Which addresses a feed fetch may connect to. Source URLs come from config files and from redirects
 * and HTML pages the feed's publisher controls, so by default only public unicast addresses are allowed:
 * a hostile or hijacked feed must not make the worker read the cloud metadata service, Redis, or
 * anything else on the private network.
 */

// IPv6 ranges that carry an IPv4 address inside: judged by that address.
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6052', '6to4']);

/** Why an address is refused (its ipaddr.js range name), or undefined when it is public unicast. */
export function blockedRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv4') {
    const range = addr.range();
    return range === 'unicast' ? undefined : range;
  }
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDS_IPV4.has(range)) return blockedRange(embeddedIpv4(v6, range));
  // ::a.b.c.d, the deprecated IPv4-compatible form, which ipaddr.js calls unicast.
  if (range === 'unicast' && v6.parts.slice(0, 6).every((p) => p === 0)) return blockedRange(lastIpv4(v6));
  return range === 'unicast' ? undefined : range;
}

function embeddedIpv4(v6: ipaddr.IPv6, range: string): string {
  if (range === '6to4') {
    const [, hi = 0, lo = 0] = v6.parts;
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return lastIpv4(v6);
}

function lastIpv4(v6: ipaddr.IPv6): string {
  const hi = v6.parts[6] ?? 0;
  const lo = v6.parts[7] ?? 0;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** A URL host that is an IP literal, without IPv6 brackets; undefined for a name. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}

// Cloud instance metadata services: they hand out credentials, so no source may reach them.
const METADATA = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200']);

/** The policy for a source's own private host: anything but a cloud metadata service. */
export const metadataOnly: AddressPolicy = (address) => {
  const bare = ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
  return METADATA.has(bare) ? 'cloud metadata' : undefined;
};

export function blockedAddressError(host: string, address: string, range: string): FetchError {
  const shown = host === address ? address : `${host} (${address})`;
  return new FetchError('blocked-address', `refused to connect to ${shown}: ${range} address (set allowPrivateNetwork to allow)`);
}

/** Decides whether an address may be connected to: undefined to allow, or the reason it is refused. */
export type AddressPolicy = (address: string) => string | undefined;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for net/tls.connect that refuses hosts resolving to a blocked address. Checking the
 * address actually connected to (not a lookup made earlier) is what defeats DNS rebinding. A name with
 * any blocked address is refused outright rather than filtered: such a mix is a misconfiguration or an
 * attack, never a feed.
 */
export function guardedLookup(resolve: LookupFunction = dnsLookup, policy: AddressPolicy = blockedRange): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '');
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const range = policy(a.address);
        if (range !== undefined) return callback(blockedAddressError(hostname, a.address, range), options.all ? [] : '');
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      return callback(null, first.address, first.family);
    });
  };
}
