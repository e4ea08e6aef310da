// The banner `run` logs as it starts, built from the shipped watchlist loaded as an operator loads it.
import { join } from 'node:path';
import { feedsSchema } from '../../../src/config/feeds-schema';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { startBanner, type BannerInput } from '../../../src/worker/banner';

const shipped = join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml');
const SECRET_URL = 'https://hooks.example/T000/B000/very-secret-path';
const everything = { SLACK_WEBHOOK_URL: SECRET_URL, PARTNER_WEBHOOK_URL: 'https://partner.example/in', PARTNER_WEBHOOK_SECRET: 'a-secret-of-enough-length' };
const feeds = feedsSchema.parse({
  version: 1,
  sources: [
    { id: 'one', url: 'https://a.example/feed' },
    { id: 'two', url: 'https://b.example/feed' },
    { id: 'off', url: 'https://c.example/feed', enabled: false },
  ],
});

function banner(vars: Record<string, string>, extra: Partial<BannerInput> = {}) {
  return startBanner({
    version: '9.9.9',
    watchlist: loadWatchlist(shipped, vars),
    feeds,
    smtpConfigured: true,
    ops: { host: '127.0.0.1', port: 9464 },
    ...extra,
  });
}

test('one info line: version, counts, routes with their channels, and the health address', () => {
  const lines = banner(everything);
  expect(lines).toEqual([
    {
      level: 'info',
      msg: 'exilewatch 9.9.9 starting',
      fields: {
        version: '9.9.9',
        people: 8,
        signals: 14,
        sources: 2,
        routes: 'ngo-desk:email,daily-digest:email-digest,team-slack:slack,partner-webhook:webhook',
        health: 'http://127.0.0.1:9464',
      },
    },
  ]);
});

test('never a watched name, a route address or a secret', () => {
  const watchlist = loadWatchlist(shipped, everything).watchlist;
  const text = JSON.stringify(banner(everything, { smtpConfigured: false }));
  for (const p of watchlist.people) {
    expect([p.id, text.includes(p.name)]).toEqual([p.id, false]);
    expect([p.id, text.includes(p.id)]).toEqual([p.id, false]);
  }
  for (const secret of [...Object.values(everything), 'ngo-desk@exilewatch.localhost']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
});

test('an email route without SMTP_URL and an optional route whose variables are unset: one warning each', () => {
  const lines = banner({ PARTNER_WEBHOOK_URL: 'https://partner.example/in' }, { smtpConfigured: false });
  expect(lines[0]!.fields.routes).toBe('ngo-desk:email,daily-digest:email-digest');
  expect(lines.slice(1)).toEqual([
    { level: 'warn', msg: 'route ngo-desk (email) cannot deliver: SMTP_URL is not set', fields: { route: 'ngo-desk', missing: 'SMTP_URL' } },
    { level: 'warn', msg: 'route daily-digest (email) cannot deliver: SMTP_URL is not set', fields: { route: 'daily-digest', missing: 'SMTP_URL' } },
    {
      level: 'warn',
      msg: 'route team-slack (slack) cannot deliver: disabled while SLACK_WEBHOOK_URL is not set',
      fields: { route: 'team-slack', missing: 'SLACK_WEBHOOK_URL' },
    },
    {
      level: 'warn',
      msg: 'route partner-webhook (webhook) cannot deliver: disabled while PARTNER_WEBHOOK_SECRET is not set',
      fields: { route: 'partner-webhook', missing: 'PARTNER_WEBHOOK_SECRET' },
    },
  ]);
});

test('a webhook route missing both its variables names both', () => {
  const warning = banner({}).find((l) => l.fields.route === 'partner-webhook');
  expect(warning?.msg).toBe('route partner-webhook (webhook) cannot deliver: disabled while PARTNER_WEBHOOK_URL and PARTNER_WEBHOOK_SECRET are not set');
});

test('the health server off, not started, or on IPv6', () => {
  expect(banner(everything, { ops: 'off' })[0]!.fields.health).toBe('off');
  expect(banner(everything, { ops: undefined })[0]!.fields.health).toBe('not-running');
  expect(banner(everything, { ops: { host: '::1', port: 9000 } })[0]!.fields.health).toBe('http://[::1]:9000');
});
