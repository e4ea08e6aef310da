import type { Alert } from '../../../src/alerts/alert';
import { groupForDigest } from '../../../src/alerts/render/digest-groups';
import { renderDigestEmail } from '../../../src/alerts/render/email';
import { renderSlackDigest } from '../../../src/alerts/render/slack';
import type { AlertView } from '../../../src/alerts/render/view';
import type { Route } from '../../../src/config/watchlist-schema';
import { evidence, ROUTES, view } from '../../fixtures/alerts/views';

const NOW = Date.parse('2024-03-13T07:00:00Z');

function alertAbout(
  id: string,
  person: { id: string; name: string; caseCode: string } | undefined,
  severity: Alert['severity'],
  publishedAt: string,
  route: Route = ROUTES.digest,
): AlertView {
  const base = view(route);
  const text = person ? `${person.name} was detained on arrival.` : 'Three exiles were detained on arrival.';
  const v: AlertView = {
    ...base,
    alert: { ...base.alert, id, severity, evidence: [evidence(text, [['detained', 'signal']])], personId: person?.id ?? '' },
    article: { ...base.article, title: `Story ${id}`, publishedAt, url: `https://news.example.org/${id}` },
    alsoReportedBy: [],
  };
  if (person) v.person = person;
  else delete v.person;
  return v;
}

const DANA = { id: 'dana-veltri', name: 'Dana Veltri', caseCode: 'DV-01' };
const KAI = { id: 'kai-moreno', name: 'Kai Moreno', caseCode: 'KM-02' };
const LEA = { id: 'lea-haddad', name: 'Lea Haddad', caseCode: 'LH-03' };

const views = [
  alertAbout('a1', KAI, 'low', '2024-03-12T09:00:00Z'),
  alertAbout('a2', DANA, 'medium', '2024-03-12T10:00:00Z'),
  alertAbout('a3', undefined, 'high', '2024-03-12T11:00:00Z'),
  alertAbout('a4', DANA, 'high', '2024-03-12T08:00:00Z'),
  alertAbout('a5', KAI, 'high', '2024-03-12T12:00:00Z'),
  alertAbout('a6', LEA, 'medium', '2024-03-12T13:00:00Z'),
  alertAbout('a7', DANA, 'high', '2024-03-12T14:00:00Z'),
];

describe('groupForDigest', () => {
  test('groups by person, most severe group first; no-person alerts after people of the same severity', () => {
    const groups = groupForDigest(views, ROUTES.digest, NOW);
    expect(groups.map((g) => g.who ?? '(none)')).toEqual(['Dana Veltri', 'Kai Moreno', '(none)', 'Lea Haddad']);
  });

  test('inside a group: most severe first, then newest', () => {
    const dana = groupForDigest(views, ROUTES.digest, NOW)[0]!;
    expect(dana.items.map((f) => f.alertId)).toEqual(['a7', 'a4', 'a2']);
  });

  test('a redacted digest route groups under case codes', () => {
    const groups = groupForDigest(views, { ...ROUTES.digest, redact: true }, NOW);
    expect(groups.map((g) => g.who ?? '(none)')).toEqual(['DV-01', 'KM-02', '(none)', 'LH-03']);
  });
});

describe('renderDigestEmail', () => {
  const email = renderDigestEmail(views, { route: ROUTES.digest, now: NOW });

  test('subject: the day in the route time zone, the count, the urgent count', () => {
    expect(email.subject).toBe('[exilewatch] Daily digest Wed 13 Mar · 7 alerts · 4 HIGH');
  });

  test('the body lists people in order, each alert with its evidence', () => {
    const order = ['Dana Veltri', 'Kai Moreno', 'No watched person named', 'Lea Haddad'].map((name) => email.html.indexOf(`${name} <span`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(email.html).toMatch(/<mark style="[^"]*">detained<\/mark>/);
    expect(email.text).toContain('== Dana Veltri (3 alerts) ==');
    expect(email.text).toContain('> Dana Veltri was [detained] on arrival.');
    expect(email.text).toContain('7 alerts: 4 HIGH, 2 MEDIUM, 1 LOW');
  });

  test('Message-ID depends on the alerts it carries, not their order', () => {
    const again = renderDigestEmail([...views].reverse(), { route: ROUTES.digest, now: NOW });
    expect(again.messageId).toBe(email.messageId);
    expect(email.messageId).toMatch(/^<digest-daily-[0-9a-f]{16}@exilewatch\.localhost>$/);
    const fewer = renderDigestEmail(views.slice(1), { route: ROUTES.digest, now: NOW });
    expect(fewer.messageId).not.toBe(email.messageId);
  });

  test('beyond maxItems, the least urgent are counted rather than shown', () => {
    const short = renderDigestEmail(views, { route: ROUTES.digest, now: NOW, maxItems: 3 });
    expect(short.text).toContain('4 more alerts not shown here');
    expect(short.text).not.toContain('Story a1');
  });

  test('a redacted digest shows no names and no evidence', () => {
    const redacted = renderDigestEmail(views, { route: { ...ROUTES.digest, redact: true }, now: NOW });
    for (const part of [redacted.html, redacted.text, redacted.subject]) {
      expect(part).not.toMatch(/Dana|Veltri|Kai|Moreno|Lea|Haddad|was detained|Story a/);
    }
    expect(redacted.text).toContain('== Case DV-01 (3 alerts) ==');
  });

  test('hostile text is escaped in digest items too', () => {
    const hostile = view(ROUTES.digest);
    const d = renderDigestEmail([hostile], { route: ROUTES.digest, now: NOW });
    expect(d.html).not.toContain('<script');
    expect(d.html).not.toContain('<img');
    expect(d.html).toContain('&lt;script&gt;');
  });

  test('an empty digest says so', () => {
    const empty = renderDigestEmail([], { route: ROUTES.digest, now: NOW });
    expect(empty.subject).toBe('[exilewatch] Daily digest Wed 13 Mar · 0 alerts');
    expect(empty.text).toContain('Nothing matched the watchlist in this period.');
  });

  test('an hourly digest names the hour in the route time zone', () => {
    const hourly = renderDigestEmail(views, { route: { ...ROUTES.digest, digest: { every: 'hourly', at: '08:00' } }, now: NOW });
    expect(hourly.subject).toMatch(/^\[exilewatch\] Hourly digest Wed 13 Mar, 08:00 · 7 alerts/);
  });
});

describe('a digest with actions and an old story', () => {
  const ACTIONS = [{ do: 'Call the caseworker on duty', contact: '+44 20 7946 0321', note: 'Never <b>by text</b>.' }];
  const withActions = (v: AlertView): AlertView => ({ ...v, actions: ACTIONS });
  const old = withActions(alertAbout('d-old', DANA, 'medium', '2024-03-01T07:00:00Z'));
  const fresh = withActions(alertAbout('d-new', DANA, 'high', '2024-03-12T20:00:00Z'));
  const kai = alertAbout('k-1', KAI, 'low', '2024-03-12T09:00:00Z');
  const digest = renderDigestEmail([old, fresh, kai], { route: ROUTES.digest, now: NOW });

  test("the person's actions once, at the head of their group, escaped", () => {
    expect(digest.html.split('WHAT TO DO').length - 1).toBe(1);
    const group = digest.html.indexOf('Dana Veltri <span');
    const todo = digest.html.indexOf('WHAT TO DO');
    expect(todo).toBeGreaterThan(group);
    expect(todo).toBeLessThan(digest.html.indexOf('Story d-new'));
    expect(digest.html).toContain('Never &lt;b&gt;by text&lt;/b&gt;.');
    expect(digest.html).not.toContain('<b>');
    const lines = digest.text.split('\n');
    const head = lines.indexOf('== Dana Veltri (2 alerts) ==');
    expect(lines.slice(head + 2, head + 5)).toEqual(['What to do:', '- Call the caseworker on duty: +44 20 7946 0321', '  Never <b>by text</b>.']);
  });

  test('the old story is marked, and every entry says how old it is', () => {
    expect(digest.text).toContain('[old story] MEDIUM · detention · Thailand');
    expect(digest.text).toContain('\nHIGH · detention · Thailand');
    expect(digest.text).toContain('Published: 12 days ago · Fri 1 Mar 2024, 08:00 (GMT+1, Europe/Berlin)');
    expect(digest.text).toContain('Published: 11 hours ago · Tue 12 Mar 2024, 21:00 (GMT+1, Europe/Berlin)');
    expect(digest.html.split('>OLD STORY</span>').length - 1).toBe(1);
  });

  test('a redacted digest keeps the old-story mark but no actions', () => {
    const redacted = renderDigestEmail([old, fresh], { route: { ...ROUTES.digest, redact: true }, now: NOW });
    for (const part of [redacted.html, redacted.text]) expect(part).not.toMatch(/caseworker|7946|by text|What to do|WHAT TO DO/i);
    expect(redacted.text).toContain('[old story] MEDIUM');
  });

  test('the Slack digest: actions under the name, the old story marked, no route id', () => {
    const route = { ...ROUTES.slack, mode: 'digest' as const };
    const m = renderSlackDigest(
      [old, fresh].map((v) => ({ ...v, route })),
      { route, now: NOW },
    );
    const sections = m.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(sections[0]).toMatch(
      /^\*Dana Veltri\*\n\*What to do\*\n• \*Call the caseworker on duty\* — \+44 20 7946 0321\n {3}Never &lt;b&gt;by text&lt;\/b&gt;\.\n/,
    );
    expect(sections[0]).toContain(':large_orange_diamond: *MEDIUM* _[old story] 12 days ago_ detention · Thailand');
    expect(JSON.stringify(m)).not.toContain('team-slack');
  });
});
