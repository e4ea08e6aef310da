import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exilewatch, ROOT } from '../../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'exilewatch-preview-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exilewatch preview', () => {
  test('an absolute file path is written, and said', () => {
    const file = join(dir, 'abs', 'alert.html');
    const r = exilewatch(['preview', 'alert', '--out', file]);
    expect(r).toEqual({ code: 0, stdout: `wrote ${file}\n`, stderr: '' });
    expect(existsSync(file)).toBe(true);
  });

  test('a directory gets the kind as file name', () => {
    mkdirSync(join(dir, 'out'));
    const r = exilewatch(['preview', 'digest', '--redacted', '--out', join(dir, 'out')]);
    expect(r.stdout).toBe(`wrote ${join(dir, 'out', 'digest-redacted.html')}\n`);
  });

  test('a path it cannot write is one line and exit 1, no stack trace', () => {
    writeFileSync(join(dir, 'a-file'), '');
    const r = exilewatch(['preview', 'alert', '--out', join(dir, 'a-file', 'alert.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `exilewatch: cannot write ${join(dir, 'a-file', 'alert.html')}: part of the path is a file, not a directory (${join(dir, 'a-file')}); choose another place with --out\n`,
    );
  });

  test('the default path, where it cannot be written, says so the same way', () => {
    const cwd = join(dir, 'blocked');
    mkdirSync(cwd);
    // var/ is taken by a file: the default var/preview.html cannot be created.
    writeFileSync(join(cwd, 'var'), '');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), 'preview', 'alert'], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^exilewatch: cannot write .*\/blocked\/var\/preview\.html: part of the path is a file, not a directory .*\n$/);
  });
});

describe('scripts/preview-screenshot.sh', () => {
  test('prints only the screenshots that were written', () => {
    // A browser that exits 0 and writes nothing, as headless Chromium does when it cannot start.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, 'chromium'), 0o755);
    const out = join(dir, 'shots');
    mkdirSync(out);
    // A stale screenshot from an earlier run must not be reported either.
    writeFileSync(join(out, 'alert-375.png'), 'old');
    const r = spawnSync('bash', [join(ROOT, 'scripts', 'preview-screenshot.sh'), out], {
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/\.png/);
    expect(r.stderr).toMatch(/^not written: .*alert-375\.png/m);
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toEqual([]);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.html'))
        .sort(),
    ).toEqual(['alert-redacted.html', 'alert.html', 'digest.html']);
  }, 120_000);
});
