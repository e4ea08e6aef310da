import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatIssue } from '../../../src/config/errors';
import { loadFeeds } from '../../../src/config/load-feeds';
import { loadWatchlist } from '../../../src/config/load-watchlist';
import { actionsFor } from '../../../src/config/person-actions';
import { sourceNames } from '../../../src/config/source-names';
import { watchlist } from '../../helpers/watchlist';

const configDir = join(__dirname, '..', '..', '..', 'config');
const dir = mkdtempSync(join(tmpdir(), 'exilewatch-actions-'));

/** Loads a copy of a shipped file with one edit; the errors it reports, file name replaced by FILE. */
function errorsOf(name: 'watchlist.yaml' | 'feeds.yaml', edit: (text: string) => string, env: Record<string, string> = {}): string[] {
  const text = readFileSync(join(configDir, name), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  const file = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(file, edited);
  try {
    if (name === 'watchlist.yaml') loadWatchlist(file, env);
    else loadFeeds(file, env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i).replace(file, 'FILE'));
  }
}

const TAG_ACTION = '      - do: Call the caseworker on duty\n';

describe('watchlist: actions, tags, oldStoryAfter, showTuningHelp', () => {
  test('the shipped watchlist has an example tag with an action, and the defaults for the new settings', () => {
    const { watchlist: w } = loadWatchlist(join(configDir, 'watchlist.yaml'), {});
    expect(w.tags).toEqual([{ id: 'refugee', actions: [expect.objectContaining({ do: 'Call the caseworker on duty' })] }]);
    expect(w.settings.oldStoryAfter).toBe('7d');
    expect(w.routes.every((r) => r.showTuningHelp === false)).toBe(true);
    // sam-sokha carries the refugee tag and lists no actions of her own.
    expect(
      actionsFor(
        w.people.find((p) => p.id === 'sam-sokha')!,
        w.tags,
      ).map((a) => a.do),
    ).toEqual(['Call the caseworker on duty']);
    expect(
      actionsFor(
        w.people.find((p) => p.id === 'mu-sochua')!,
        w.tags,
      ),
    ).toEqual([]);
  });

  test('a person may list actions with do, contact and note', () => {
    const errors = errorsOf('watchlist.yaml', (t) =>
      t.replace(
        '    name: Sam Sokha\n',
        "    name: Sam Sokha\n    actions:\n      - { do: Call her lawyer, contact: '+44 20 7946 0123', note: Mornings only. }\n",
      ),
    );
    expect(errors).toEqual([]);
  });

  test.each([
    [
      'an action written as a bare string',
      (t: string) => t.replace(/      - do: Call the caseworker on duty\n[^\n]*\n[^\n]*\n/, '      - Call the caseworker on duty\n'),
      /tags\[refugee\]\.actions\[0\]: write an action as \{ do: …, contact: …, note: … \}$/,
    ],
    ['an action with a key it does not know', (t: string) => t.replace(TAG_ACTION, '      - label: Call the caseworker on duty\n'), /unknown key "label"/],
    [
      'an action whose do is missing',
      (t: string) => t.replace(TAG_ACTION + '        contact:', '      - contact:'),
      /tags\[refugee\]\.actions\[0\]\.do: write text here \(do: Call the caseworker on duty\)$/,
    ],
    ['an empty do', (t: string) => t.replace(TAG_ACTION, "      - do: ''\n"), /tags\[refugee\]\.actions\[0\]\.do: must not be empty$/],
    [
      'a note that is too long',
      (t: string) => t.replace(/note: Ask whether[^\n]*/, `note: ${'x'.repeat(501)}`),
      /tags\[refugee\]\.actions\[0\]\.note: keep it under 500 characters$/,
    ],
    [
      'a tag entry with no actions',
      (t: string) => t.replace(/    actions:\n      - do: Call the caseworker on duty\n[^\n]*\n[^\n]*\n/, '    actions: []\n'),
      /list at least one action/,
    ],
    ['a tag entry no person carries', (t: string) => t.replace('tags:\n  - id: refugee', 'tags:\n  - id: refugees'), /no person has tag "refugees"/],
    [
      'an oldStoryAfter that is no duration',
      (t: string) => t.replace('  logNames: false', '  logNames: false\n  oldStoryAfter: a week'),
      /settings\.oldStoryAfter: write a duration such as 12h or 2d$/,
    ],
    [
      'a showTuningHelp that is no boolean',
      (t: string) =>
        t.replace(
          '    timeZone: Asia/Phnom_Penh\n\n  - id: daily-digest',
          '    timeZone: Asia/Phnom_Penh\n    showTuningHelp: sometimes\n\n  - id: daily-digest',
        ),
      /routes\[ngo-desk\]\.showTuningHelp: /,
    ],
  ])('reports %s, at its line', (_label, edit, message) => {
    const errors = errorsOf('watchlist.yaml', edit);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^FILE:\\d+:\\d+: .*${message.source}`))]));
  });

  test('a ${VAR} in an action is not resolved: a secret could be copied into an alert', () => {
    const errors = errorsOf('watchlist.yaml', (t) => t.replace('contact: duty-caseworker@exilewatch.localhost', 'contact: ${SMTP_URL}'), {
      SMTP_URL: 'smtp://user:pw@mail',
    });
    expect(errors).toEqual([expect.stringMatching(/^FILE:\d+:\d+: \$\{SMTP_URL\} is resolved only in a route's addresses and secrets/)]);
  });
});

describe('actionsFor', () => {
  const call = { do: 'Call the desk', contact: '+44 20 7946 0000' };
  const legal = { do: 'Tell the legal team' };
  const own = { do: "Call her brother's lawyer", note: 'Only in English.' };
  const tags = [
    { id: 'refugee', actions: [call, legal] },
    { id: 'cnrp', actions: [legal, { do: 'Tell the party office' }] },
  ];

  test.each([
    ['no tags, no actions', { tags: [] }, []],
    ['one tag', { tags: ['refugee'] }, [call, legal]],
    ['two tags: in tag order, each action once', { tags: ['cnrp', 'refugee'] }, [legal, { do: 'Tell the party office' }, call]],
    ["a person's own actions replace the tags'", { tags: ['refugee'], actions: [own] }, [own]],
    ['actions: [] means none, whatever the tags', { tags: ['refugee'], actions: [] }, []],
    ['a tag with no entry gives nothing', { tags: ['activist'] }, []],
  ])('%s', (_label, person, expected) => {
    expect(actionsFor(person, tags)).toEqual(expected);
  });

  test('works on a watchlist as parsed', () => {
    const w = watchlist({ people: [{ id: 'kai', name: 'Kai Moreno', tags: ['refugee'] }], tags: [{ id: 'refugee', actions: [call] }] });
    expect(actionsFor(w.people[0]!, w.tags)).toEqual([call]);
  });
});

describe('feeds: source names', () => {
  test('the shipped feeds name their sources, and the map holds only the named ones', () => {
    const feeds = loadFeeds(join(configDir, 'feeds.yaml'), {});
    expect(sourceNames(feeds).get('hrw')).toBe('Human Rights Watch');
    expect(sourceNames({ sources: [{ ...feeds.sources[0]!, name: undefined }] }).size).toBe(0);
  });

  test.each([
    ['an empty name', (t: string) => t.replace('    name: FORUM-ASIA', "    name: ''"), /sources\[forum-asia\]\.name: must not be empty$/],
    [
      'a name that is too long',
      (t: string) => t.replace('    name: FORUM-ASIA', `    name: ${'F'.repeat(81)}`),
      /sources\[forum-asia\]\.name: keep a source name under 80 characters$/,
    ],
    ['a ${VAR} in a name', (t: string) => t.replace('    name: FORUM-ASIA', '    name: ${FEED_NAME}'), /\$\{FEED_NAME\} is not resolved in a source's name/],
  ])('reports %s', (_label, edit, message) => {
    const errors = errorsOf('feeds.yaml', edit, { FEED_NAME: 'secret' });
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^FILE:\\d+:\\d+: .*${message.source}`))]);
  });
});
