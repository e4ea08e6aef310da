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
    expect(r.stdout).toContain(`${broken}:${line}:15: rules[person-pursued].severity: Invalid option`);
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
    type Output = Array<{ title: string; alerts: unknown[]; matches: Array<{ kind: string; entry: string; start: number; end: number }> }>;
    const [result] = JSON.parse(r.stdout) as Output;
    if (!result) throw new Error('no result');
    expect(result.title).toBe('Opposition figure held at Kuala Lumpur airport');
    expect(result.alerts[0]).toMatchObject({ rule: 'person-pursued', severity: 'high', entries: ['mu-sochua', 'arrest-detention', 'malaysia'] });
    const person = result.matches.find((m) => m.kind === 'person');
    if (!person) throw new Error('no person match');
    expect(person).toMatchObject({ entry: 'mu-sochua', surface: 'Mu Sochua', field: 'content' });
    const content = article.split('\n').slice(2).join('\n');
    expect(content.slice(person.start, person.end)).toBe('Mu Sochua');
  });

  test('reads several files and the files of a directory, in order', () => {
    const many = mkdtempSync(join(tmpdir(), 'exilewatch-many-'));
    writeFileSync(join(many, 'b.txt'), 'Second headline\n\nNothing to see.');
    writeFileSync(join(many, 'a.txt'), 'First headline\n\nNothing here either.');
    writeFileSync(join(many, '.hidden'), 'Hidden headline');
    const one = join(dir, 'one.txt');
    writeFileSync(one, article);
    const r = exilewatch(['match', one, many, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ title: string }>).map((x) => x.title)).toEqual([
      'Opposition figure held at Kuala Lumpur airport',
      'First headline',
      'Second headline',
    ]);
  });

  test('escape sequences in an article never reach the terminal', () => {
    const hostile = 'Headline\u001b]0;owned\u0007 here\n\n\u001b[2JPolice detained \u001b[8mMu Sochua\u001b[0m at the airport.';
    const r = exilewatch(['match', '-'], { input: hostile });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('Headline here');
  });

  test('--explain says which check kept a rule from firing, with the sentence', () => {
    const text = 'Rights groups speak out\n\nPolice detained three students on Monday. Mu Sochua condemned the detention of the students.';
    const r = exilewatch(['match', '-', '--explain', 'mu-sochua'], { input: text });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('explain mu-sochua (Mu Sochua)');
    expect(r.stdout).toMatch(/rule person-pursued \(high, within one sentence\): did not hold/);
    expect(r.stdout).toContain('arrest-detention "Mu Sochua condemned the detention of the students."');
    expect(r.stdout).toContain('the signal is in what the person says, and no he/she/I there points back to them');
    const absent = exilewatch(['match', '-', '--explain', 'sam-rainsy'], { input: text });
    expect(absent.stdout).toMatch(/name: no spelling found in the article \(looked for "Sam Rainsy"/);
  });

  test('--explain tells a name set aside by an exclude phrase or a namesake word from a name not there', () => {
    const party = exilewatch(['match', '-', '--explain', 'sam-rainsy'], { input: 'Party news\n\nThe Sam Rainsy Party said police detained two members.' });
    expect(party.stdout).toContain('name: "Sam Rainsy" is in the article but not counted: it is part of an excluded phrase ("Sam Rainsy Party": exclude)');
    const actor = exilewatch(['match', '-', '--explain', 'kem-sokha'], { input: 'Film news\n\nThe actor Kem Sokha was detained at the airport.' });
    expect(actor.stdout).toContain('name: "Kem Sokha" is in the article but not counted: a word right beside it marks someone else of the same name');
  });

  test('the text output says which routes each alert would go to', () => {
    const r = exilewatch(['match', '-'], { input: article });
    expect(r.stdout).toMatch(/^ {4}routes: ngo-desk \(email\)$/m);
  });

  test.each([
    ['a missing file', ['match', join(dir, 'absent.txt')], '', /^exilewatch: .*absent\.txt: no such file\n$/],
    ['an empty directory', ['match', mkdtempSync(join(tmpdir(), 'exilewatch-empty-'))], '', /^exilewatch: .*: no files in this directory\n$/],
    [
      'an unknown person to explain',
      ['match', '-', '--explain', 'mu-sochau'],
      'x',
      /^exilewatch: --explain: no person with id "mu-sochau" in the watchlist \(did you mean mu-sochua\?\)\n$/,
    ],
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
