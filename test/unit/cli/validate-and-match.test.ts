import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exilewatch, ROOT } from '../../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-cli-'));
const article = [
  'Opposition figure held at Kuala Lumpur airport',
  '',
  'Malaysian immigration officers detained Mu Sochua for most of Thursday after she landed,',
  'her party said. She was released in the evening.',
].join('\n');

describe('exilewatch validate', () => {
  test('passes on the shipped configuration', () => {
    const r = exilewatch(['validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok config\/watchlist\.yaml: 8 people/m);
  });

  test('fails on a broken copy, with file, line and column', () => {
    const broken = join(dir, 'broken.yaml');
    const text = readFileSync(join(ROOT, 'config', 'watchlist.yaml'), 'utf8').replace('severity: high', 'severity: urgent');
    writeFileSync(broken, text);
    const r = exilewatch(['validate', '--watchlist', broken]);
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('severity: urgent')) + 1;
    expect(r.stdout).toContain(`${broken}:${line}:15: rules.0.severity: Invalid option`);
    expect(r.stdout).toMatch(/^1 error$/m);
  });

  test('--help is available on every command', () => {
    for (const args of [['--help'], ['validate', '--help'], ['match', '--help']]) {
      const r = exilewatch(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: exilewatch/);
    }
  });
});

describe('exilewatch match', () => {
  test('explains an article in text', () => {
    const r = exilewatch(['match', '-'], { input: article });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HIGH  person-pursued: mu-sochua, arrest-detention, malaysia');
    expect(r.stdout).toContain('[detained] [Mu Sochua]');
  });

  test('explains an article in JSON with offsets into the text', () => {
    const file = join(dir, 'article.txt');
    writeFileSync(file, article);
    const r = exilewatch(['match', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const [result] = JSON.parse(r.stdout);
    expect(result.title).toBe('Opposition figure held at Kuala Lumpur airport');
    expect(result.alerts[0]).toMatchObject({ rule: 'person-pursued', severity: 'high', entries: ['mu-sochua', 'arrest-detention', 'malaysia'] });
    const person = result.matches.find((m: { kind: string }) => m.kind === 'person');
    expect(person).toMatchObject({ entry: 'mu-sochua', surface: 'Mu Sochua', field: 'content' });
    const content = article.split('\n').slice(2).join('\n');
    expect(content.slice(person.start, person.end)).toBe('Mu Sochua');
  });

  test.each([
    ['a missing file', ['match', join(dir, 'absent.txt')], '', /^exilewatch: .*absent\.txt: no such file\n$/],
    ['a directory', ['match', dir], '', /^exilewatch: .*: is a directory\n$/],
    ['empty input', ['match', '-'], '  \n', /^exilewatch: standard input: empty\n$/],
    ['binary input', ['match', '-'], 'GIF89a\u0000\u0001', /^exilewatch: standard input: not a text file\n$/],
    ['a bad format', ['match', '-', '--format', 'xml'], 'x', /error: option '--format <format>' argument 'xml' is invalid/],
  ])('rejects %s with one line and exit code 1', (_label, args, input, message) => {
    const r = exilewatch(args, { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
