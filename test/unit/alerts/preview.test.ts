import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPreview, writePreview } from '../../../src/alerts/preview';

describe('preview', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exilewatch-preview-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes the sample alert, its hostile text shown as text', async () => {
    const file = await writePreview('alert', join(dir, 'nested', 'alert.html'));
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('Vanna Sokun');
    expect(html).toContain('WHAT TO DO');
    expect(html).toContain('Mekong Courier (sample) · published 8 hours ago');
  });

  test('writes the sample digest, several people, most severe first', async () => {
    const html = await readFile(await writePreview('digest', join(dir, 'digest.html')), 'utf8');
    expect(html.indexOf('Vanna Sokun <span')).toBeLessThan(html.indexOf('Kosal Meas <span'));
    expect(html).toContain('No watched person named');
    expect(html.split('>OLD STORY</span>').length - 1).toBe(1);
  });

  test('a redacted preview hides the names', () => {
    const email = renderPreview('digest', { redact: true });
    expect(email.html.replace(/https?:\/\/[^"<\s]*/g, 'URL')).not.toMatch(/Vanna|Sokun|Kosal|Meas|WHAT TO DO|caseworker/);
    expect(email.subject).toMatch(/^\[exilewatch\] Daily digest Wed 13 Mar · 5 alerts · 2 HIGH$/);
  });
});
