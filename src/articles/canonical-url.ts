/**
 * One spelling per article URL, so the same story reached through a newsletter link, a share button
 * and the feed gets one identity.
 *
 * What is removed is what never changes the page: scheme and host case, default ports, the fragment,
 * tracking parameters, parameter order, a trailing slash, credentials. What is kept is what can: the
 * scheme (http and https may be different servers) and `www.` — www.example.org and example.org are
 * separate hosts that some publishers point at different sites or editions. Merging two different
 * articles would lose an alert; keeping two spellings of one article only costs a duplicate, which
 * the content fingerprint (identity.ts) catches.
 */

const TRACKING_PREFIXES = ['utm_', 'ga_', 'pk_', 'mtm_', 'hsa_'];
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'ref',
  'ref_src',
  'ref_url',
  'wt_mc',
  'wt_zmc',
  'xtor',
  'at_medium',
  'at_campaign',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'cmp',
  'ito',
  'ocid',
  'smid',
  'sr_share',
]);

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

// Percent-escapes of unreserved characters mean the character itself (RFC 3986 §6.2.2.2).
const UNRESERVED_ESCAPE = /%(2[DdEe]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])/g;

/**
 * The canonical form of an http(s) URL; undefined for anything else (or nothing parseable), which
 * callers treat as "no URL identity".
 */
export function canonicalUrl(input: string): string | undefined {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.username = '';
  u.password = '';
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.replace(/\.+$/, '');
  // "#!/story/12" is how some single-page sites address articles: that fragment is the page.
  if (!u.hash.startsWith('#!')) u.hash = '';

  const kept = [...u.searchParams].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(kept).toString();

  let path = u.pathname.replace(UNRESERVED_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  path = path.replace(/%[0-9a-f]{2}/g, (e) => e.toUpperCase());
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  u.pathname = path;
  return u.href;
}
