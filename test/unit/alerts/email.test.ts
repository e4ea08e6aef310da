import { renderAlertEmail } from '../../../src/alerts/render/email';
import { NOW, ROUTES, view } from '../../fixtures/alerts/views';

/** The HTML with every tag exilewatch wrote removed, leaving what a reader would see as text. */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b/g)].map((m) => m[1]!.toLowerCase());
}

describe('renderAlertEmail', () => {
  test('subject at a glance: severity, person, signal, country', () => {
    expect(renderAlertEmail(view(), { now: NOW }).subject).toBe('[exilewatch] HIGH · Dana Veltri · detention · Thailand');
  });

  test('subject names the source when no country was found, and "mentioned" when there is no signal', () => {
    const v = view(ROUTES.email, { signals: [], contexts: [] });
    v.alert = { ...v.alert, severity: 'low' };
    expect(renderAlertEmail(v, { now: NOW }).subject).toBe('[exilewatch] LOW · Dana Veltri · mentioned · The Courier');
  });

  test('hostile article text is escaped in the HTML, highlights included', () => {
    const { html } = renderAlertEmail(view(), { now: NOW });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert\(2\)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&amp; &quot;quotes&quot;');
    // Only the elements the renderer itself writes.
    const allowed = new Set([
      'html',
      'head',
      'meta',
      'title',
      'body',
      'div',
      'table',
      'tr',
      'td',
      'p',
      'span',
      'h1',
      'h2',
      'mark',
      'a',
      'ul',
      'li',
      'code',
      'strong',
    ]);
    expect(tagsOf(html).filter((tag) => !allowed.has(tag))).toEqual([]);
  });

  test('matched words are marked with inline styles', () => {
    const { html } = renderAlertEmail(view(), { now: NOW });
    expect(html).toMatch(/<mark style="[^"]*background:#[0-9a-f]{6}[^"]*">detained<\/mark>/);
    expect(html).toMatch(/<mark style="[^"]*">Dana Veltri<\/mark>/);
    expect(html).toMatch(/<mark style="[^"]*">Bangkok<\/mark>/);
  });

  test('a highlight over hostile text is escaped too', () => {
    const text = 'Police held <b onmouseover=x>Dana</b> at the border.';
    const start = text.indexOf('<b');
    const v = view();
    v.alert = { ...v.alert, evidence: [{ field: 'content', text, highlights: [{ start, end: text.indexOf('at the'), kind: 'person' }] }] };
    const { html, text: plain } = renderAlertEmail(v, { now: NOW });
    expect(html).toContain('&lt;b onmouseover=x&gt;Dana&lt;/b&gt;</mark>');
    expect(html).not.toContain('<b ');
    expect(plain).toContain('[<b onmouseover=x>Dana</b>]');
  });

  test('the article link is a link only when it is http or https', () => {
    const ok = renderAlertEmail(view(), { now: NOW }).html;
    expect(ok).toContain('href="https://news.example.org/world/2024/dana-veltri-held?ref=rss&amp;x=%3Cy%3E"');
    const bad = view();
    bad.article = { ...bad.article, url: 'javascript:alert(document.cookie)' };
    const html = renderAlertEmail(bad, { now: NOW }).html;
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<code>javascript:alert(document.cookie)</code>');
    // "also reported by" follows the same rule.
    expect(ok).toContain('href="https://wire.example.net/a"');
    expect(ok).not.toContain('href="javascript:alert(3)"');
    expect(ok).toContain('<code>javascript:alert(3)</code>');
  });

  test('publication time is shown as an age, then in the route time zone', () => {
    // 16:40 UTC is 23:40 in Phnom Penh and 17:40 in Berlin (CET, March 12); NOW is 14 h 20 min later.
    const phnomPenh = renderAlertEmail(view(), { now: NOW });
    expect(phnomPenh.html).toContain('The Courier · published 14 hours ago · Tue 12 Mar 2024, 23:40 (GMT+7, Asia/Phnom_Penh)');
    expect(phnomPenh.text).toContain('Published: 14 hours ago · Tue 12 Mar 2024, 23:40 (GMT+7, Asia/Phnom_Penh)');
    const berlin = renderAlertEmail(view({ ...ROUTES.email, timeZone: 'Europe/Berlin' }), { now: NOW });
    expect(berlin.text).toContain('Published: 14 hours ago · Tue 12 Mar 2024, 17:40 (GMT+1, Europe/Berlin)');
  });

  test('an unknown time zone falls back to UTC rather than failing the delivery', () => {
    const { text } = renderAlertEmail(view({ ...ROUTES.email, timeZone: 'Mars/Olympus_Mons' }), { now: NOW });
    expect(text).toContain('Published: 14 hours ago · Tue 12 Mar 2024, 16:40 (UTC)');
  });

  test('names the rule in one line; what to edit only on a route that asks for tuning help', () => {
    const plain = renderAlertEmail(view(), { now: NOW, watchlistPath: 'config/watchlist.yaml' });
    expect(plain.text).toContain('Why: rule person-pursued: A watched person and a warning signal in the same sentence.\n');
    expect(plain.html).toContain('Why: rule person-pursued: A watched person and a warning signal in the same sentence.');
    for (const part of [plain.text, plain.html]) {
      expect(part).not.toContain('To change this');
      expect(part).not.toContain('config/watchlist.yaml');
    }
    expect(plain.html).not.toContain('Why this alert');

    const tuned = renderAlertEmail(view({ ...ROUTES.email, showTuningHelp: true }), { now: NOW, watchlistPath: 'config/watchlist.yaml' });
    expect(tuned.text).toContain('Rule person-pursued matched dana-veltri, arrest-detention, thailand, press-union.');
    expect(tuned.text).toContain('edit rule person-pursued, person dana-veltri or route desk');
    expect(tuned.html).toContain('config/watchlist.yaml');
  });

  test('the plain-text part carries the same facts, on their own lines', () => {
    const { text } = renderAlertEmail(view(), { now: NOW });
    expect(text.split('\n')[0]).toBe('HIGH · Dana Veltri · detention · Thailand');
    expect(text).toContain('Who: Dana Veltri (case DV-01)');
    expect(text).toContain('What: detention');
    expect(text).toContain('Where: Thailand');
    expect(text).toContain('Link: https://news.example.org/world/2024/dana-veltri-held?ref=rss&x=%3Cy%3E');
    expect(text).toContain('> Border police [detained] [Dana Veltri] at the airport in [Bangkok].');
    expect(text).toContain('- wire: https://wire.example.net/a');
  });

  test('article text cannot forge a line of its own in the plain-text part', () => {
    const v = view();
    v.article = { ...v.article, title: 'Held\nLink: https://evil.example/\r\nWhy: nothing' };
    const { text } = renderAlertEmail(v, { now: NOW });
    expect(text).not.toMatch(/^Link: https:\/\/evil/m);
    expect(text).toContain('Article: Held Link: https://evil.example/ Why: nothing');
  });

  test('Message-ID is derived from alert and route; a follow-up threads under the first alert', () => {
    const first = renderAlertEmail(view(), { now: NOW, messageIdDomain: 'alerts.example.org' });
    expect(first.messageId).toBe('<alert-a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.desk@alerts.example.org>');
    expect(renderAlertEmail(view(), { now: NOW, messageIdDomain: 'alerts.example.org' }).messageId).toBe(first.messageId);
    expect(first.inReplyTo).toBeUndefined();
    const follow = view(ROUTES.email, { followUpOf: 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0' });
    follow.alert = { ...follow.alert, id: 'b'.repeat(32) };
    const next = renderAlertEmail(follow, { now: NOW, messageIdDomain: 'alerts.example.org' });
    expect(next.inReplyTo).toBe('<alert-f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0.desk@alerts.example.org>');
    expect(next.references).toEqual([next.inReplyTo]);
    expect(next.text).toContain('Follow-up to alert f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0');
  });

  test('mobile-first page: viewport, one 600px column, inline styles, no style sheet', () => {
    const { html } = renderAlertEmail(view(), { now: NOW });
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('max-width:600px');
    expect(html).not.toMatch(/<style|<link|<script/);
    expect(html).toContain('overflow-wrap:anywhere');
  });

  test('tells mail servers and clients it is automatic', () => {
    expect(renderAlertEmail(view(), { now: NOW }).headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'X-Exilewatch-Severity': 'high' });
  });

  test('a source-health alert points at the feeds file', () => {
    const v = view(ROUTES.email, { origin: 'source-health', signals: [], contexts: [] });
    delete v.person;
    v.alert = { ...v.alert, rule: 'source-failing', entries: ['courier'], signalIds: [], contextIds: [] };
    v.article = { ...v.article, title: 'Source courier is failing' };
    const email = renderAlertEmail(v, { now: NOW, feedsPath: 'config/feeds.yaml' });
    expect(email.subject).toBe('[exilewatch] HIGH · Source courier is failing · The Courier');
    expect(email.text).toContain('Why: source The Courier raised a health alert (source-failing).');
    expect(email.text).not.toContain('defaults.healthAlertAfter');
    const tuned = renderAlertEmail({ ...v, route: { ...v.route, showTuningHelp: true } }, { now: NOW, feedsPath: 'config/feeds.yaml' });
    expect(tuned.text).toContain('defaults.healthAlertAfter');
    expect(tuned.text).toContain('config/feeds.yaml');
  });
});

describe('renderAlertEmail on a redacted route', () => {
  const email = renderAlertEmail(view(ROUTES.redactedEmail), { now: NOW });

  test('shows the case code, signal, country and link, and no name or evidence', () => {
    expect(email.subject).toBe('[exilewatch] HIGH · DV-01 · detention · Thailand');
    // The article's own URL may spell the name (here it does); it is the one thing redaction cannot change.
    const url = /https:\/\/news\.example\.org\/world\/2024\/dana-veltri-held[^"\s]*/g;
    for (const part of [email.html.replace(url, 'URL'), email.text.replace(url, 'URL'), email.subject]) {
      expect(part).not.toMatch(/Dana|Veltri/);
      expect(part).not.toContain('dana-veltri');
      expect(part).not.toContain('Border police');
      expect(part).not.toContain('alert(1)');
      expect(part).not.toContain('Press Union');
    }
    expect(email.html).toContain('DV-01');
    expect(email.text).toContain('What: detention');
    expect(email.text).toContain('Where: Thailand');
  });

  test('keeps the link, which the reader needs, but shows only its host', () => {
    expect(email.html).toContain('href="https://news.example.org/world/2024/');
    expect(email.html).toMatch(/>news\.example\.org<\/p>/);
  });

  test('refers to the person by case code in the tuning help', () => {
    const tuned = renderAlertEmail(view({ ...ROUTES.redactedEmail, showTuningHelp: true }), { now: NOW });
    expect(tuned.text).toContain('matched DV-01, arrest-detention, thailand.');
    expect(tuned.text).toContain('the person with case code DV-01');
  });
});
