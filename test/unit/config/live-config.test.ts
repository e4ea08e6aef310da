import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveConfig, type ConfigSnapshot } from '../../../src/config/live-config';
import { loadConfig } from '../../../src/config/load-config';
import { matchArticle } from '../../../src/matching/match-article';
import { feedsYaml, watchlistYaml } from '../../helpers/config-files';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-live-'));
let n = 0;

/** Both files written fresh, and the paths to load them from. */
function files(people: Array<{ id: string; name: string }>, watchlistText?: string) {
  n++;
  const paths = { watchlist: join(dir, `watchlist-${n}.yaml`), feeds: join(dir, `feeds-${n}.yaml`) };
  writeFileSync(paths.watchlist, watchlistText ?? watchlistYaml(people));
  writeFileSync(paths.feeds, feedsYaml([{ id: 'local', url: 'http://127.0.0.1:1/feed.xml' }]));
  return paths;
}

const lena = { id: 'lena-varga', name: 'Lena Varga' };
const tomas = { id: 'tomas-oduya', name: 'Tomas Oduya' };

function alertedPeople(snapshot: ConfigSnapshot, text: string): string[] {
  return matchArticle({ id: 'a', title: '', summary: '', content: text }, snapshot.compiled).alerts.map((a) => a.personId ?? '');
}

describe('LiveConfig', () => {
  test('a valid reload swaps the whole snapshot in; a snapshot taken before keeps matching as it did', () => {
    const first = files([lena]);
    const live = new LiveConfig(loadConfig(first, {}));
    const held = live.current();
    const second = files([lena, tomas]);

    const result = live.reload(() => loadConfig(second, {}));

    expect(result.outcome).toBe('changed');
    expect(live.current()).not.toBe(held);
    expect(live.current().version).not.toBe(held.version);
    expect(alertedPeople(live.current(), 'Tomas Oduya was seen in town.')).toEqual(['tomas-oduya']);
    // A job that took its snapshot before the swap finishes on it.
    expect(alertedPeople(held, 'Tomas Oduya was seen in town.')).toEqual([]);
    expect(live.lastReload()).toMatchObject({ outcome: 'ok', version: live.current().version });
  });

  test('an invalid file is refused with its positions, and the last good snapshot stays in force', () => {
    const good = files([lena]);
    const live = new LiveConfig(loadConfig(good, {}));
    const before = live.current();
    const broken = files([], watchlistYaml([lena]).replace('rules:', 'rules:\n  - { id: mentioned, when: { person: [nobody] }, severity: loud }'));

    const result = live.reload(() => loadConfig(broken, {}));

    expect(result.outcome).toBe('failed');
    expect(live.current()).toBe(before);
    expect(alertedPeople(live.current(), 'Lena Varga spoke.')).toEqual(['lena-varga']);
    const status = live.lastReload();
    expect(status?.outcome).toBe('failed');
    if (status?.outcome !== 'failed' || result.outcome !== 'failed') throw new Error('unreachable');
    expect(status.errors).toBe(result.issues.length);
    expect(result.issues.length).toBeGreaterThanOrEqual(2);
    for (const issue of result.issues) {
      expect(issue.file).toBe(broken.watchlist);
      expect(issue.line).toBeGreaterThan(1);
      expect(issue.column).toBeGreaterThan(0);
    }
  });

  test('a missing file is a refused reload, not a crash', () => {
    const live = new LiveConfig(loadConfig(files([lena]), {}));
    const result = live.reload(() => loadConfig({ watchlist: join(dir, 'gone.yaml'), feeds: join(dir, 'gone-feeds.yaml') }, {}));
    expect(result.outcome).toBe('failed');
    if (result.outcome !== 'failed') throw new Error('unreachable');
    expect(result.issues[0]).toMatchObject({ line: 1, column: 1, message: 'cannot read: file not found' });
  });

  test('listeners get the previous and next snapshots after a swap, and only then', () => {
    const first = files([lena]);
    const live = new LiveConfig(loadConfig(first, {}));
    const calls: Array<[ConfigSnapshot, ConfigSnapshot]> = [];
    const stop = live.onChange((previous, next) => {
      calls.push([previous, next]);
    });
    const initial = live.current();

    expect(live.reload(() => loadConfig(first, {})).outcome).toBe('unchanged');
    expect(live.reload(() => loadConfig(files([], 'version: 1\npeople: [\n'), {})).outcome).toBe('failed');
    expect(calls).toEqual([]);

    live.reload(() => loadConfig(files([lena, tomas]), {}));
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(initial);
    expect(calls[0]![1]).toBe(live.current());
    expect(calls[0]![1].watchlist.watchlist.people.map((p) => p.id)).toEqual(['lena-varga', 'tomas-oduya']);

    stop();
    live.reload(() => loadConfig(files([tomas]), {}));
    expect(calls).toHaveLength(1);
  });

  test('a failing listener is reported and does not undo the swap or stop the other listeners', async () => {
    const errors: unknown[] = [];
    const live = new LiveConfig(loadConfig(files([lena]), {}), (err) => errors.push(err));
    const told: string[] = [];
    live.onChange(() => {
      throw new Error('listener broke');
    });
    live.onChange(() => Promise.reject(new Error('async listener broke')));
    live.onChange((_p, next) => {
      told.push(next.version);
    });

    const result = live.reload(() => loadConfig(files([tomas]), {}));

    expect(result.outcome).toBe('changed');
    expect(told).toEqual([live.current().version]);
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['async listener broke', 'listener broke']);
  });

  test('an error that is not about the files is thrown, and the snapshot kept', () => {
    const live = new LiveConfig(loadConfig(files([lena]), {}));
    const before = live.current();
    expect(() =>
      live.reload(() => {
        throw new RangeError('out of memory, say');
      }),
    ).toThrow(RangeError);
    expect(live.current()).toBe(before);
    expect(live.lastReload()).toBeUndefined();
  });
});
