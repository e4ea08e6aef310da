import { alertFacts } from '../../../src/alerts/redact';
import { buildAlertView, caseCodeFor } from '../../../src/alerts/render/view';
import type { AlertRecord } from '../../../src/store/alert-store';
import { watchlist } from '../../helpers/watchlist';
import { DETAINED, NOW, ROUTES, view } from '../../fixtures/alerts/views';

describe('caseCodeFor', () => {
  test('is P- and six upper-case hex digits, the same every time for the same id', () => {
    expect(caseCodeFor('mu-sochua')).toMatch(/^P-[0-9A-F]{6}$/);
    expect(caseCodeFor('mu-sochua')).toBe(caseCodeFor('mu-sochua'));
    expect(caseCodeFor('mu-sochua')).not.toBe(caseCodeFor('sam-rainsy'));
  });

  test('is the first six hex digits of the SHA-256 of the id', () => {
    // sha256("abc") = ba7816bf…
    expect(caseCodeFor('abc')).toBe('P-BA7816');
  });
});

describe('buildAlertView', () => {
  const wl = watchlist({
    people: [
      { id: 'dana-veltri', name: 'Dana Veltri' },
      { id: 'kai-moreno', name: 'Kai Moreno', caseCode: 'KM-2' },
    ],
    signals: [
      { id: 'arrest-detention', label: 'detention', words: ['detain'] },
      { id: 'deportation', words: ['deport'] },
    ],
    contexts: [{ id: 'thailand', label: 'Thailand', kind: 'country', words: ['Bangkok'] }],
    rules: [{ id: 'person-pursued', description: 'Person and signal.', when: { person: 'any', signal: 'any' }, severity: 'high' }],
  });
  const record: AlertRecord = {
    alert: view().alert,
    article: { id: 'art-1', sourceId: 'courier', url: 'https://news.example.org/a', title: 'Title', publishedAt: '2024-03-12T16:40:00Z' },
    createdAt: 1_700_000_000_000,
    alsoReportedBy: [{ sourceId: 'wire', url: 'https://wire.example.net/a' }],
    followUpOf: 'f'.repeat(32),
  };

  test('resolves names and labels from the watchlist', () => {
    const v = buildAlertView(record, wl, ROUTES.email, new Map([['courier', 'The Courier']]));
    expect(v.person).toEqual({ id: 'dana-veltri', name: 'Dana Veltri', caseCode: caseCodeFor('dana-veltri') });
    expect(v.signals).toEqual([{ id: 'arrest-detention', label: 'detention' }]);
    expect(v.contexts).toEqual([
      { id: 'thailand', label: 'Thailand', kind: 'country' },
      { id: 'press-union', label: 'press-union', kind: 'topic' },
    ]);
    expect(v.ruleDescription).toBe('Person and signal.');
    expect(v.article.sourceName).toBe('The Courier');
    expect(v.followUpOf).toBe('f'.repeat(32));
    expect(v.alsoReportedBy).toEqual(record.alsoReportedBy);
    expect(v.detectedAt).toBe(record.createdAt);
    expect(v.origin).toBe('watchlist');
  });

  test("uses the person's own case code when the watchlist gives one", () => {
    const v = buildAlertView({ ...record, alert: { ...record.alert, personId: 'kai-moreno' } }, wl, ROUTES.email);
    expect(v.person?.caseCode).toBe('KM-2');
  });

  test("carries the person's actions, falling back to their tags', and the old-story threshold", () => {
    const tagged = watchlist({
      people: [
        { id: 'dana-veltri', name: 'Dana Veltri', tags: ['refugee'] },
        { id: 'kai-moreno', name: 'Kai Moreno', tags: ['refugee'], actions: [{ do: 'Call Kai' }] },
      ],
      tags: [{ id: 'refugee', actions: [{ do: 'Call the desk', contact: '+44 20 7946 0000' }] }],
      rules: [{ id: 'person-pursued', when: { person: 'any' }, severity: 'high' }],
      settings: { oldStoryAfter: '3d' },
    });
    const dana = buildAlertView(record, tagged, ROUTES.email);
    expect(dana.actions).toEqual([{ do: 'Call the desk', contact: '+44 20 7946 0000' }]);
    expect(dana.oldStoryAfterMs).toBe(3 * 86_400_000);
    expect(buildAlertView({ ...record, alert: { ...record.alert, personId: 'kai-moreno' } }, tagged, ROUTES.email).actions).toEqual([{ do: 'Call Kai' }]);
    expect(buildAlertView(record, wl, ROUTES.email).actions).toBeUndefined();
  });

  test('names the sources that also reported the story', () => {
    const v = buildAlertView(record, wl, ROUTES.email, new Map([['wire', 'The Wire']]));
    expect(v.alsoReportedBy).toEqual([{ sourceId: 'wire', url: 'https://wire.example.net/a', sourceName: 'The Wire' }]);
  });

  test('an alert from the source-health check is marked as such', () => {
    const v = buildAlertView({ ...record, alert: { ...record.alert, rule: 'source-failing' } }, wl, ROUTES.email);
    expect(v.origin).toBe('source-health');
  });
});

describe('alertFacts', () => {
  test('an unredacted route sees everything', () => {
    const f = alertFacts(view(ROUTES.email), NOW);
    expect(f).toMatchObject({
      redacted: false,
      who: 'Dana Veltri',
      caseCode: 'DV-01',
      personRef: 'dana-veltri',
      what: ['detention'],
      where: ['Thailand'],
      about: ['Press Union'],
    });
    expect(f.evidence).toEqual([DETAINED]);
    expect(f.title).toContain('Journalist Dana Veltri');
  });

  test('a redacted route sees the case code, signals, countries and link only', () => {
    const f = alertFacts(view(ROUTES.redactedEmail), NOW);
    expect(f).toMatchObject({ redacted: true, who: 'DV-01', personRef: 'DV-01', what: ['detention'], where: ['Thailand'], about: [] });
    expect(f.evidence).toEqual([]);
    expect(f.title).toBeUndefined();
    expect(f.snippet).toBeUndefined();
    expect(f.entries).toEqual(['DV-01', 'arrest-detention', 'thailand']);
    expect(f.contexts.map((c) => c.id)).toEqual(['thailand']);
    const { url, ...rest } = f;
    expect(JSON.stringify(rest)).not.toMatch(/Dana|Veltri|dana-veltri|Border police|Press Union|press-union|alert\(1\)/);
    expect(url).toBe('https://news.example.org/world/2024/dana-veltri-held?ref=rss&x=<y>');
  });

  test('a source-health alert keeps its text on a redacted route: it names no one', () => {
    const v = view(ROUTES.redactedEmail, { origin: 'source-health' });
    delete v.person;
    expect(alertFacts(v, NOW).redacted).toBe(false);
  });
});
