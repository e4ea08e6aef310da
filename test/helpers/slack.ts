import type { SlackMessage } from '../../src/alerts/render/slack';

/** Every string in the message that Slack parses and shows: block texts, fields, context elements, the fallback. */
export function slackTexts(m: SlackMessage): string[] {
  const out = [m.text];
  for (const b of m.blocks) {
    if (b.type === 'header') out.push(b.text.text);
    if (b.type === 'section') out.push(...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text));
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
  }
  return out;
}
