import { emailEvidence, emailLines, webhookLines } from '../../../src/demo/output';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

test('an email line shows the subject and the first evidence sentence, with no control sequence from the text', () => {
  const text = 'Who: X\n> [Mu Sochua] was \u001b[2J[detained]\u202e at the airport.\n> A second sentence.\n';
  const lines = emailLines('[exilewatch] HIGH \u001b]0;title\u0007· Mu Sochua', ['desk@demo.example'], text, 'var/demo/01-email.html');
  expect(lines).toEqual([
    '  email      to desk@demo.example: [exilewatch] HIGH · Mu Sochua',
    '             > [Mu Sochua] was [detained] at the airport.',
    '             saved var/demo/01-email.html',
  ]);
  for (const line of lines) expect(line).not.toMatch(CONTROL);
});

test('evidence cut inside a matched word keeps the bracket closed', () => {
  const long = `> ${'word '.repeat(16)}and then [a very long matched phrase that goes on] past the end.`;
  const shown = emailEvidence(long)!;
  expect(shown.length).toBeLessThanOrEqual(111);
  expect(shown).toMatch(/\[a very [^\]]*\]…$/);
});

test('a webhook line names the route, the alert and whether its signature held; untrusted text is made safe', () => {
  const payload = {
    version: 1,
    type: 'alert',
    alert: { severity: 'high', person: { id: 'p', name: 'Sam\u009b Serey', caseCode: 'C' }, signals: [{ id: 'e', label: 'extradition' }] },
    delivery: { id: 'd', route: 'partner-webhook', attempt: 1 },
  };
  expect(webhookLines(payload, undefined, '02-webhook.json')).toEqual([
    '  webhook    partner-webhook: HIGH · Sam Serey · extradition',
    '             signature verified, saved 02-webhook.json',
  ]);
  expect(webhookLines(payload, 'mismatch', '03-webhook.json')[1]).toBe('             signature refused (mismatch), saved 03-webhook.json');
  expect(webhookLines('not an object', undefined, '04-webhook.json')[0]).toBe('  webhook    ?: ? · no person');
});
