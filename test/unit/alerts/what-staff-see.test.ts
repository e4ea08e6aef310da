import { renderAlertEmail } from '../../../src/alerts/render/email';
import { SEVERITY_COLOR } from '../../../src/alerts/render/email-html';
import { renderSlackAlert, type SlackMessage } from '../../../src/alerts/render/slack';
import type { AlertView } from '../../../src/alerts/render/view';
import { renderWebhookAlert } from '../../../src/alerts/render/webhook';
import type { Route } from '../../../src/config/watchlist-schema';
import { NOW, ROUTES, view } from '../../fixtures/alerts/views';
import { slackTexts } from '../../helpers/slack';

const ACTIONS = [
  { do: 'Call the caseworker on duty', contact: '+44 20 7946 0321', note: 'Say <script>alert("x")</script> to nobody & wait.' },
  { do: 'Tell the legal team', contact: 'legal@example.org' },
];

/** The fixture alert with actions, a named source and an article ten days old at NOW. */
function staffView(route: Route, over: Partial<AlertView> = {}): AlertView {
  const base = view(route);
  return {
    ...base,
    actions: ACTIONS,
    article: { ...base.article, sourceId: 'mekong-courier', sourceName: 'Mekong Courier', publishedAt: '2024-03-03T07:00:00Z' },
    ...over,
  };
}

describe('one alert with actions, a source name and an old story', () => {
  const email = renderAlertEmail(staffView(ROUTES.email), { now: NOW });
  const slack = renderSlackAlert(staffView(ROUTES.slack), { now: NOW });
  const webhook = renderWebhookAlert(staffView(ROUTES.webhook), { now: NOW }).payload;

  test('email HTML: what to do near the top, contacts as links, the note escaped', () => {
    const { html } = email;
    expect(html).toContain('WHAT TO DO');
    expect(html.indexOf('WHAT TO DO')).toBeLessThan(html.indexOf('>Evidence<'));
    expect(html).toContain('<strong>Call the caseworker on duty</strong>');
    expect(html).toMatch(/<a href="tel:\+442079460321" style="[^"]*white-space:nowrap;[^"]*">\+44 20 7946 0321<\/a>/);
    expect(html).toContain('<a href="mailto:legal@example.org"');
    expect(html).toContain('Say &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; to nobody &amp; wait.');
    expect(html).not.toContain('<script');
  });

  test('email HTML: the old-story mark and banner, the age and the source by name', () => {
    expect(email.subject).toBe('[exilewatch] [old story] HIGH · Dana Veltri · detention · Thailand');
    expect(email.html).toContain('>OLD STORY</span>');
    expect(email.html).toContain('<strong>Old story:</strong> published 10 days ago.');
    expect(email.html).toContain('Mekong Courier · published 10 days ago · Sun 3 Mar 2024, 14:00 (GMT+7, Asia/Phnom_Penh)');
    expect(email.html).not.toContain('mekong-courier');
  });

  test('email text: the same, on lines of their own', () => {
    const lines = email.text.split('\n');
    expect(lines[0]).toBe('[old story] HIGH · Dana Veltri · detention · Thailand');
    expect(lines).toContain('Old story: published 10 days ago. It may be something already known, republished or only now carried by this source.');
    const todo = lines.indexOf('What to do:');
    expect(todo).toBeGreaterThan(0);
    expect(todo).toBeLessThan(lines.findIndex((l) => l.startsWith('Who:')));
    expect(lines.slice(todo + 1, todo + 4)).toEqual([
      '- Call the caseworker on duty: +44 20 7946 0321',
      '  Say <script>alert("x")</script> to nobody & wait.',
      '- Tell the legal team: legal@example.org',
    ]);
    expect(lines).toContain('Source: Mekong Courier');
    expect(lines).toContain('Published: 10 days ago · Sun 3 Mar 2024, 14:00 (GMT+7, Asia/Phnom_Penh)');
  });

  test('Slack: emoji and mark in the header, what to do, the age and the source by name, no internal ids', () => {
    const header = slack.blocks[0]!;
    expect(header.type === 'header' && header.text.text).toBe(':red_circle: [old story] HIGH · Dana Veltri · detention · Thailand');
    const all = slackTexts(slack);
    expect(all).toContain(
      '*What to do*\n• *Call the caseworker on duty* — +44 20 7946 0321\n   Say &lt;script&gt;alert("x")&lt;/script&gt; to nobody &amp; wait.\n• *Tell the legal team* — legal@example.org',
    );
    expect(all).toContain(':hourglass: _Old story: published 10 days ago. It may be something already known, republished or only now carried by this source._');
    expect(all.join('\n')).toContain('Mekong Courier · published 10 days ago · Sun 3 Mar 2024, 07:00 (UTC)');
    expect(all.join('\n')).toContain('Why: rule person-pursued: A watched person and a warning signal in the same sentence.');
    for (const id of ['a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 'team-slack', 'mekong-courier', 'To change this']) expect(all.join('\n')).not.toContain(id);
  });

  test('webhook: actions, the source id and name, the age and the old-story flag', () => {
    expect(webhook.alert.actions).toEqual([
      { do: 'Call the caseworker on duty', contact: '+44 20 7946 0321', note: 'Say <script>alert("x")</script> to nobody & wait.' },
      { do: 'Tell the legal team', contact: 'legal@example.org', note: null },
    ]);
    expect(webhook.article).toMatchObject({ sourceId: 'mekong-courier', sourceName: 'Mekong Courier', ageSeconds: 10 * 86_400, oldStory: true });
  });

  test('a recent article is no old story', () => {
    const fresh = staffView(ROUTES.email, { article: { ...staffView(ROUTES.email).article, publishedAt: '2024-03-12T16:40:00Z' } });
    const e = renderAlertEmail(fresh, { now: NOW });
    expect(e.subject).toBe('[exilewatch] HIGH · Dana Veltri · detention · Thailand');
    expect(e.html).not.toContain('OLD STORY');
    expect(e.text).not.toContain('Old story');
    expect(renderWebhookAlert({ ...fresh, route: ROUTES.webhook }, { now: NOW }).payload.article.oldStory).toBe(false);
  });

  test('the threshold is the watchlist setting: at 14 days this article is not old yet', () => {
    const v = staffView(ROUTES.webhook, { oldStoryAfterMs: 14 * 86_400_000 });
    expect(renderWebhookAlert(v, { now: NOW }).payload.article.oldStory).toBe(false);
    expect(renderWebhookAlert(v, { now: NOW + 5 * 86_400_000 }).payload.article).toMatchObject({ oldStory: true, ageSeconds: 15 * 86_400 });
  });
});

describe('a redacted route carries no actions and no contacts', () => {
  const leaks = /Call the caseworker|7946|legal@example\.org|Tell the legal team|to nobody|What to do|WHAT TO DO/i;

  test.each([
    [
      'email',
      () => renderAlertEmail(staffView(ROUTES.redactedEmail), { now: NOW }),
      (e: { html: string; text: string; subject: string }) => [e.html, e.text, e.subject],
    ],
    ['Slack', () => renderSlackAlert(staffView({ ...ROUTES.slack, redact: true }), { now: NOW }), (m: SlackMessage) => [JSON.stringify(m)]],
    ['webhook', () => renderWebhookAlert(staffView({ ...ROUTES.webhook, redact: true }), { now: NOW }), (w: { body: string }) => [w.body]],
  ] as const)('%s', (_channel, render, parts) => {
    const rendered = render();
    for (const part of (parts as (r: typeof rendered) => string[])(rendered)) {
      expect(part).not.toMatch(leaks);
      // The age is no secret: the redacted message still says the story is old.
      expect(part).toMatch(/old story|oldStory":true/i);
    }
  });

  test('the webhook says so with an empty list, not a missing key', () => {
    expect(renderWebhookAlert(staffView({ ...ROUTES.webhook, redact: true }), { now: NOW }).payload.alert.actions).toEqual([]);
  });
});

describe('severity at a glance', () => {
  const at = (severity: 'critical' | 'high' | 'medium') => {
    const v = view(ROUTES.email);
    return renderAlertEmail({ ...v, alert: { ...v.alert, severity } }, { now: NOW });
  };

  test('critical, high and medium differ by colour and by word in the email', () => {
    const colours = new Set([SEVERITY_COLOR.critical, SEVERITY_COLOR.high, SEVERITY_COLOR.medium, SEVERITY_COLOR.low]);
    expect(colours.size).toBe(4);
    for (const severity of ['critical', 'high', 'medium'] as const) {
      const { html } = at(severity);
      expect(html).toContain(`border-top:6px solid ${SEVERITY_COLOR[severity]};`);
      expect(html).toMatch(new RegExp(`<span style="[^"]*background:${SEVERITY_COLOR[severity]};color:#ffffff;[^"]*">${severity.toUpperCase()}</span>`));
    }
  });

  test('the email still asks clients to keep its light colours in dark mode', () => {
    const { html } = at('critical');
    expect(html).toContain('<meta name="color-scheme" content="light">');
    expect(html).toContain('<meta name="supported-color-schemes" content="light">');
  });

  test('each severity has its own emoji in the Slack header', () => {
    const headers = (['critical', 'high', 'medium', 'low'] as const).map((severity) => {
      const v = view(ROUTES.slack);
      const h = renderSlackAlert({ ...v, alert: { ...v.alert, severity } }, { now: NOW }).blocks[0]!;
      return h.type === 'header' ? h.text.text.split(' ')[0] : '';
    });
    expect(headers).toEqual([':rotating_light:', ':red_circle:', ':large_orange_diamond:', ':white_circle:']);
  });

  test('Slack shows what to edit only on a route with showTuningHelp', () => {
    const tuned = slackTexts(renderSlackAlert(staffView({ ...ROUTES.slack, showTuningHelp: true }), { now: NOW })).join('\n');
    expect(tuned).toContain('To change this, edit rule person-pursued, person dana-veltri or route team-slack');
  });
});
