import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue } from '../../../src/config/errors';
import { checkFeeds } from '../../../src/config/load-feeds';
import { checkWatchlist } from '../../../src/config/load-watchlist';
import { pathName } from '../../../src/config/path-name';
import { YamlFile } from '../../../src/config/yaml-file';

// The placeholder watchlist of the command-line tests, with one mistake put in per case.
const PLACEHOLDER = readFileSync(join(__dirname, '..', '..', 'fixtures', 'cli', 'watchlist.yaml'), 'utf8');
const ENV = { HOOK_URL: 'https://hooks.example.org/x', HOOK_SECRET: 's3cret-s3cret-s3cret', CHAT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/C' };

function errors(text: string): string[] {
  const yf = new YamlFile('FILE', text);
  checkWatchlist(yf, ENV);
  return yf.issues.filter((i) => i.severity === 'error').map(formatIssue);
}

test('the placeholder is valid as it stands', () => {
  expect(errors(PLACEHOLDER)).toEqual([]);
});

test.each([
  [
    'an unknown key, with the key meant',
    (t: string) => t.replace('    caseCode: VS-01\n', '    caseCode: VS-01\n    alias: [Sokun]\n'),
    'FILE:10:12: people[vanna-sokun]: unknown key "alias" (did you mean aliases?)',
  ],
  [
    'an unknown key in a signal',
    (t: string) => t.replace('    words: [deport, deportation]\n', '    words: [deport, deportation]\n    lable: x\n'),
    'FILE:19:12: signals[deportation]: unknown key "lable" (did you mean label?)',
  ],
  ['an unknown route id', (t: string) => t.replace('    routes: [desk]', '    routes: [dsek]'), 'FILE:10:14: unknown route "dsek" (did you mean desk?)'],
  [
    'an unknown signal id in a rule',
    (t: string) => t.replace('when: { person: any, signal: any,', 'when: { person: any, signal: [arest-detention],'),
    'FILE:25:35: rule "person-pursued": no signal has id "arest-detention" (did you mean arrest-detention?)',
  ],
  [
    'a bad value, its entry named by id',
    (t: string) => t.replace('caseCode: VS-01', 'caseCode: VS 01'),
    'FILE:9:15: people[vanna-sokun].caseCode: Invalid string: must match pattern /^[A-Za-z0-9-]+$/',
  ],
  [
    'an unquoted colon in a value',
    (t: string) => t.replace('name: Vanna Sokun', 'name: Vanna Sokun: the blogger'),
    'FILE:8:11: a value with ": " in it must be quoted: write "Vanna Sokun: the blogger" in double quotes',
  ],
  [
    'a line indented less than its neighbours',
    (t: string) => t.replace('    caseCode: VS-01', '   caseCode: VS-01'),
    'FILE:9:1: this line is indented less than the keys above it: the keys of one entry must start at the same column',
  ],
  [
    'a line indented more than its neighbours',
    (t: string) => t.replace('    caseCode: VS-01', '      caseCode: VS-01'),
    'FILE:8:11: the next line is indented further than this one: the keys of one entry must start at the same column',
  ],
  [
    'a tab for indentation',
    (t: string) => t.replace('    caseCode: VS-01', '\tcaseCode: VS-01'),
    'FILE:9:1: a tab is used for indentation: YAML takes spaces only',
  ],
])('%s', (_name, edit, expected) => {
  const text = edit(PLACEHOLDER);
  expect(text).not.toBe(PLACEHOLDER);
  expect(errors(text)).toEqual([expected]);
});

test("the feeds file's healthRoute gets a did-you-mean", () => {
  const wf = new YamlFile('W', PLACEHOLDER);
  const w = checkWatchlist(wf, ENV)!;
  const ff = new YamlFile('F', 'version: 1\ndefaults: { healthRoute: dsk }\nsources:\n  - { id: a, url: "https://news.example.org/feed" }\n');
  checkFeeds(ff, ENV, w.watchlist);
  expect(ff.issues.map(formatIssue)).toEqual(['F:2:26: unknown route "dsk" (did you mean desk?)']);
});

test.each([
  [['people', 0, 'aliases', 1], 'people[vanna-sokun].aliases[1]'],
  [['people', 1, 'name'], 'people[1].name'],
  [['settings', 'fuzzy', 'minLength'], 'settings.fuzzy.minLength'],
  [['routes', 5], 'routes[5]'],
])('pathName %j', (path, name) => {
  const data = { people: [{ id: 'vanna-sokun', aliases: ['a', 'b'] }, { name: 'no id' }], settings: {}, routes: [] };
  expect(pathName(data, path)).toBe(name);
});
