import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatIssue } from '../../../src/config/errors';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { jsonSchemas } from '../../../src/config/json-schema';

const shipped = join(__dirname, '..', '..', '..', 'config', 'watchlist.yaml');
const dir = mkdtempSync(join(tmpdir(), 'exilewatch-config-'));

/** A copy of the shipped watchlist with one edit, and the problems loading it reports. */
function problems(edit: (text: string) => string, env: Record<string, string> = {}): string[] {
  const file = join(dir, `w${Math.random().toString(36).slice(2)}.yaml`);
  const text = readFileSync(shipped, 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
  try {
    loadWatchlist(file, env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i).replace(file, 'FILE'));
  }
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('loadWatchlist', () => {
  test('the shipped watchlist loads, with optional routes disabled when their variables are unset', () => {
    const { watchlist, disabledRoutes, issues } = loadWatchlist(shipped, {});
    expect(watchlist.people.map((p) => p.id)).toEqual(
      expect.arrayContaining(['sam-sokha', 'sam-serey', 'mu-sochua', 'sam-rainsy', 'kem-sokha', 'theary-seng', 'ngoeum-keatha', 'heng-seang-leang']),
    );
    expect(disabledRoutes).toEqual(['team-slack', 'partner-webhook']);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  test('${VAR} references resolve from the environment', () => {
    const { watchlist, disabledRoutes } = loadWatchlist(shipped, {
      ALERT_EMAIL_TO: 'desk@ngo.example',
      SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
    });
    const desk = watchlist.routes.find((r) => r.id === 'ngo-desk');
    expect(desk?.kind === 'email' && desk.to).toEqual(['desk@ngo.example']);
    expect(disabledRoutes).toEqual(['partner-webhook']);
  });

  test('every problem is reported with its line and column', () => {
    const text = readFileSync(shipped, 'utf8');
    const found = problems((t) =>
      t
        .replace('- id: sam-serey', '- id: sam-sokha')
        .replace('routes: [ngo-desk]\n\n  # Seed: CNRP deputy', 'routes: [nowhere]\n\n  # Seed: CNRP deputy')
        .replace('aliases: [Sochua Mu,', "aliases: ['', Sochua Mu,"),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        `FILE:${lineOf(text, '- id: sam-serey')}:9: duplicate id "sam-sokha" (already used in people)`,
        expect.stringMatching(/^FILE:\d+:\d+: unknown route "nowhere"$/),
        expect.stringMatching(/^FILE:\d+:\d+: people\[mu-sochua\]\.aliases\[0\]: must not be empty$/),
      ]),
    );
  });

  test.each([
    ['a YAML syntax error', (t: string) => t.replace('people:\n', 'people:\n  - [\n'), /^FILE:\d+:\d+: .+/],
    ['an unknown key', (t: string) => t.replace('    name: Sam Sokha', '    name: Sam Sokha\n    nmae: typo'), /unknown key "nmae"/],
    [
      'a bad regular expression',
      (t: string) => t.replace('  - id: interpol-red-notice\n', '  - id: interpol-red-notice\n    patterns: ["(unclosed"]\n'),
      /bad regular expression/,
    ],
    [
      'an unresolved variable',
      (t: string) => t.replace("'${ALERT_EMAIL_TO:-ngo-desk@exilewatch.localhost}'", "'${ALERT_EMAIL_TO}'"),
      /ALERT_EMAIL_TO is not set/,
    ],
    ['a literal secret', (t: string) => t.replace('secret: ${PARTNER_WEBHOOK_SECRET}', 'secret: plain-text-secret-value'), /write a \$\{VARIABLE\} reference/],
    [
      'a rule naming an unknown signal',
      (t: string) => t.replace('signal: [extradition, deportation,', 'signal: [extradition, deportaton,'),
      /no signal has id "deportaton"/,
    ],
    [
      'a near clause with a phrase in it',
      (t: string) => t.replace('[[sent, send], back,', '[[sent, send], sent back,'),
      /"sent back" is not one word: near clauses take single words/,
    ],
    [
      'an unknown context kind in a near clause',
      (t: string) => t.replace('back, [<country>,', 'back, [<nation>,'),
      /write <country>, <organisation>, <place> or <topic>/,
    ],
    [
      'a * at the end of a phrase',
      (t: string) => t.replace('      - immigration violation\n', '      - immigration violation *\n'),
      /"immigration violation \*": a \* \(any one word\) must stand between two words/,
    ],
    [
      'a * in a word',
      (t: string) => t.replace('    words: [overstayer, overstay]', '    words: [overstayer, overstay*]'),
      /"overstay\*": a \* \(any one word\) belongs in a phrase/,
    ],
    [
      'an empty guarded alias',
      (t: string) => t.replace('    aliases: [Sokha Sam]', "    aliases: [Sokha Sam, { name: '', context: [shoe] }]"),
      /people\[sam-sokha\]\.aliases\[1\]\.name: must not be empty|has no letters/,
    ],
    [
      'a ${VAR} outside a route address or secret',
      (t: string) => t.replace('description: A watched person and a warning signal in the same sentence.', 'description: "Contact: ${SMTP_URL}"'),
      /\$\{SMTP_URL\} is resolved only in a route's addresses and secrets/,
    ],
    [
      'a pattern that backtracks for ever',
      (t: string) => t.replace('  - id: interpol-red-notice\n', () => "  - id: interpol-red-notice\n    patterns: ['(a+)+$']\n"),
      /pattern could take exponential time: "a\+" repeats inside "\(a\+\)\+"/,
    ],
    [
      'a pattern whose repeated alternatives overlap',
      (t: string) => t.replace('  - id: interpol-red-notice\n', () => "  - id: interpol-red-notice\n    patterns: ['(a|a)*$']\n"),
      /two alternatives of "\(a\|a\)" can start with the same character inside "\(a\|a\)\*"/,
    ],
    ['an unknown time zone', (t: string) => t.replace('timeZone: Asia/Phnom_Penh', 'timeZone: Asia/Nowhere'), /unknown time zone/],
  ])('reports %s', (_label, edit, message) => {
    const found = problems(edit);
    expect(found.some((line) => message.test(line) && /^FILE:\d+:\d+: /.test(line))).toBe(true);
  });

  test('a word of a script written without spaces is one word, though it is several tokens', () => {
    expect(
      problems((t) =>
        t
          .replace('      - ស្នាក់នៅហួសកំណត់       # km\n', '      - ស្នាក់នៅហួសកំណត់       # km\n    words: [overstayer, ลี้ภัย, 逾期]\n')
          .replace('    words: [overstayer, overstay]\n', ''),
      ),
    ).toEqual([]);
    expect(problems((t) => t.replace('    words: [overstayer, overstay]', '    words: [overstayer, overstay, ลี้ ภัย]'))).toEqual([
      expect.stringMatching(/^FILE:\d+:\d+: "ลี้ ภัย" is not one word: put it under phrases$/),
    ]);
  });

  test('a YAML alias bomb is one line at line 1, not a stack trace', () => {
    const file = join(dir, 'bomb.yaml');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(9)
          .fill(`*${'abcdefgh'[i - 1]}`)
          .join(', ')}]`,
      );
    writeFileSync(file, `${levels.join('\n')}\nversion: 1\n`);
    try {
      loadWatchlist(file, {});
      throw new Error('loaded');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const lines = (err as ConfigError).issues.map(formatIssue);
      expect(lines).toEqual([expect.stringMatching(/^.*bomb\.yaml:1:1: cannot read: .*alias/i)]);
    }
  });

  test('a missing file is one clear problem', () => {
    expect(() => loadWatchlist(join(dir, 'absent.yaml'), {})).toThrow(/absent\.yaml:1:1: cannot read: file not found/);
  });

  test('the published JSON Schemas are generated from the validating schemas', () => {
    for (const [name, text] of Object.entries(jsonSchemas())) {
      expect(readFileSync(join(__dirname, '..', '..', '..', 'config', name), 'utf8')).toBe(text);
    }
  });
});
