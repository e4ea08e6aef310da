import { renderSlackAlert, renderSlackDigest, SLACK_LIMITS, type SlackBlock, type SlackMessage } from '../../../src/alerts/render/slack';
import { slackEscape, slackLink } from '../../../src/alerts/render/slack-text';
import { urlNames } from '../../../src/alerts/redact';
import { evidence, NOW, ROUTES, view } from '../../fixtures/alerts/views';
import { slackTexts } from '../../helpers/slack';

function block<T extends SlackBlock['type']>(m: SlackMessage, type: T): Extract<SlackBlock, { type: T }>[] {
  return m.blocks.filter((b): b is Extract<SlackBlock, { type: T }> => b.type === type);
}

/** The control sequences Slack would act on: <!channel>, <@U…>, <http…|…>, bare @here. */
const CONTROL = /<[!@#]|<https?:[^>]*evil|(^|[^\u200b])@here\b/;

describe('slackEscape', () => {
  test.each([
    ['<!channel> hi', '&lt;!channel&gt; hi'],
    ['<http://evil.example|click>', '&lt;http://evil.example|click&gt;'],
    ['a & b', 'a &amp; b'],
    ['ping @here and @Channel', 'ping @\u200bhere and @\u200bChannel'],
    ['mail me@heresy.example', 'mail me@heresy.example'],
  ])('%s', (input, expected) => {
    expect(slackEscape(input)).toBe(expected);
  });

  test('links only http(s), and the URL cannot close the link early', () => {
    expect(slackLink('https://a.example/x?q=1|2&r=>', 'A <b>')).toBe('<https://a.example/x?q=1%7C2&amp;r=%3E|A &lt;b&gt;>');
    expect(slackLink('javascript:alert(1)', 'bad')).toBe('bad (javascript:alert(1))');
  });
});

describe('renderSlackAlert', () => {
  const message = renderSlackAlert(view(ROUTES.slack), { now: NOW });

  test('header, fields, evidence, context and a button, with a plain fallback', () => {
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(block(message, 'header')[0]!.text).toMatchObject({ type: 'plain_text', text: ':red_circle: HIGH · Dana Veltri · detention · Thailand' });
    expect(message.text.startsWith('HIGH · Dana Veltri · detention · Thailand: Border police detained')).toBe(true);
    expect(message.unfurl_links).toBe(false);
  });

  test('names the person with their case code, to match redacted channels', () => {
    expect(block(message, 'section')[0]!.fields![0]!.text).toBe('*Who*\nDana Veltri (case DV-01)');
  });

  test('matched words are *bold* in the evidence', () => {
    const evidenceText = block(message, 'section')[1]!.text!.text;
    expect(evidenceText).toContain('>Border police *detained* *Dana Veltri* at the airport in *Bangkok*.');
  });

  test('no article text can ping a channel or forge a link', () => {
    for (const t of slackTexts(message)) expect(t).not.toMatch(CONTROL);
    const all = slackTexts(message).join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;http://evil.example|click&gt;');
    expect(all).toContain('&lt;script&gt;');
    expect(all).toContain('@\u200bhere');
  });

  test('the article button carries only an http(s) URL', () => {
    const button = block(message, 'actions')[0]!.elements[0]!;
    expect(button.url).toBe('https://news.example.org/world/2024/dana-veltri-held?ref=rss&x=%3Cy%3E');
    const bad = view(ROUTES.slack);
    bad.article = { ...bad.article, url: 'javascript:alert(1)' };
    const m = renderSlackAlert(bad, { now: NOW });
    expect(block(m, 'actions')).toEqual([]);
    expect(slackTexts(m).join('\n')).toContain('javascript:alert(1)');
  });

  test('also-reported links are links only when http(s)', () => {
    const context = block(message, 'context')[0]!
      .elements.map((e) => e.text)
      .join('\n');
    expect(context).toContain('<https://wire.example.net/a|wire>');
    expect(context).toContain('bad-link (javascript:alert(3))');
    expect(context).not.toContain('<javascript');
  });

  test('stays inside Slack limits on a very long story', () => {
    const v = view(ROUTES.slack, { person: { id: 'p', name: 'N'.repeat(400), caseCode: 'X' } });
    const long = evidence(`${'<&> '.repeat(900)} detained here`, [['detained', 'signal']]);
    v.alert = { ...v.alert, evidence: [long, long, long, long, long] };
    v.article = { ...v.article, title: '&'.repeat(2000) };
    const m = renderSlackAlert(v, { now: NOW });
    expect(block(m, 'header')[0]!.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    for (const s of block(m, 'section')) {
      if (s.text) expect(s.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.section);
      for (const f of s.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
    }
    // Cutting never leaves half an entity behind.
    for (const t of slackTexts(m)) expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  test('a redacted route gets case code, signal, country and link only', () => {
    const m = renderSlackAlert(view({ ...ROUTES.slack, redact: true }), { now: NOW });
    const all = slackTexts(m).join('\n');
    expect(all).not.toMatch(/Dana|Veltri|dana-veltri|Border police|alert\(1\)|Press Union/);
    expect(block(m, 'header')[0]!.text.text).toBe(':red_circle: HIGH · DV-01 · detention · Thailand');
    expect(all).toContain('*Case*\nDV-01');
    // The article's address spells the name: no button, and the message says why.
    expect(JSON.stringify(m)).not.toMatch(/veltri/i);
    expect(block(m, 'actions')).toEqual([]);
    expect(all).toContain("the article's address spells the name, so it is not linked here");
  });

  test('a redacted route links an article whose address does not spell the name', () => {
    const base = view({ ...ROUTES.slack, redact: true });
    const m = renderSlackAlert({ ...base, article: { ...base.article, url: 'https://news.example.org/world/2024/03/12/a81f' } }, { now: NOW });
    expect(block(m, 'actions')[0]!.elements[0]!.url).toBe('https://news.example.org/world/2024/03/12/a81f');
    expect(slackTexts(m).join('\n')).not.toContain('not linked here');
  });
});

describe('urlNames', () => {
  const person = { id: 'mu-sochua', name: 'Mu Sochua' };
  test.each([
    ['https://news.example/2024/03/mu-sochua-held', true],
    ['https://news.example/2024/03/sochua-turned-back', true],
    ['https://news.example/story?slug=M%C3%BA_Sochua', true],
    ['https://news.example/2024/03/deputy-held-at-airport', false],
    // "mu" alone is too short to be taken for the name.
    ['https://news.example/mu/2024/03/deputy-held', false],
    ['https://sochua.example/2024/03/deputy-held', false],
  ])('%s: %s', (url, names) => {
    expect(urlNames(url, person)).toBe(names);
  });
});

describe('renderSlackDigest', () => {
  test('one section per person, links and evidence escaped', () => {
    const route = { ...ROUTES.slack, mode: 'digest' as const };
    const m = renderSlackDigest([view(route)], { route, now: Date.parse('2024-03-13T07:00:00Z') });
    expect(block(m, 'header')[0]!.text.text).toBe('Daily digest Wed 13 Mar · 1 alert (1 HIGH)');
    const section = block(m, 'section')[0]!.text!.text;
    expect(section.startsWith('*Dana Veltri*\n')).toBe(true);
    expect(section).toContain('<https://news.example.org/world/2024/dana-veltri-held?ref=rss&amp;x=%3Cy%3E|The Courier>');
    for (const t of slackTexts(m)) expect(t).not.toMatch(CONTROL);
  });
});

describe('slackEscape', () => {
  test('a bare @everyone, @here or @channel in article text is no mention', () => {
    expect(slackEscape('@everyone look, @here and @Channel')).toBe('@\u200beveryone look, @\u200bhere and @\u200bChannel');
    expect(slackEscape('<!everyone> & <@U123>')).toBe('&lt;!everyone&gt; &amp; &lt;@U123&gt;');
  });
});
