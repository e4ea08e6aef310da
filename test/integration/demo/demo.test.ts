// `exilewatch demo` end to end, as a user runs it: a child process that starts its own redis-server,
// fixture feed server, mail server and webhook receiver on 127.0.0.1, and must leave none behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { ROOT } from '../../helpers/cli';
import { answers } from '../../helpers/ports';

// Where the demos save what they receive; removed at the end.
const outs = mkdtempSync(join(tmpdir(), 'exilewatch-demo-out-'));
afterAll(() => rmSync(outs, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the demo in a process group of its own (as a terminal would), and stops it when `until` says so. */
function demo(out: string, interrupt?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'exilewatch.js'), 'demo', '--out', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (interrupt && !signalled && interrupt.test(stdout)) {
        signalled = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    // A demo that hangs fails here rather than holding the suite.
    const guard = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The port and data directory of the demo's redis-server, from its own line. */
function redisOf(stdout: string): { port: number; dir: string } {
  const m = /^ {2}redis +private redis-server on 127\.0\.0\.1:(\d+), data in (\S+)$/m.exec(stdout);
  expect(m).not.toBeNull();
  return { port: Number(m![1]), dir: m![2]! };
}

const redisRunningOn = (port: number): boolean => spawnSync('pgrep', ['-f', `redis-server 127.0.0.1:${port}`]).status === 0;

async function leftNothing(stdout: string): Promise<void> {
  const redis = redisOf(stdout);
  expect(await answers(redis.port)).toBe(false);
  expect(redisRunningOn(redis.port)).toBe(false);
  expect(existsSync(redis.dir)).toBe(false);
  for (const label of ['feeds', 'webhook']) {
    const url = new RegExp(`^ {2}${label} .*http://127\\.0\\.0\\.1:(\\d+)/`, 'm').exec(stdout);
    expect([label, url !== null]).toEqual([label, true]);
    expect(await answers(Number(url![1]))).toBe(false);
  }
  const smtp = /^ {2}mail +SMTP server on 127\.0\.0\.1:(\d+)$/m.exec(stdout);
  expect(smtp).not.toBeNull();
  expect(await answers(Number(smtp![1]))).toBe(false);
}

test('the demo delivers alerts by email and signed webhook, saves them, exits 0 and leaves no server running', async () => {
  const out = mkdtempSync(join(outs, 'run-'));
  const run = await demo(out);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);

  const files = readdirSync(out).sort();
  const emails = files.filter((f) => /^\d\d-email\.html$/.test(f));
  const webhooks = files.filter((f) => /^\d\d-webhook\.json$/.test(f));
  expect(emails.length).toBeGreaterThan(0);
  expect(webhooks.length).toBeGreaterThan(0);
  expect(files.filter((f) => /^\d\d-digest\.html$/.test(f))).toHaveLength(1);

  // Every email saved is an alert email about someone, with its evidence marked; every path printed exists.
  const subjects = [...run.stdout.matchAll(/^ {2}email +to ngo-desk@demo\.exilewatch\.localhost: (\[exilewatch\] (?:\[old story\] )?HIGH · ([^·]+) · .*)$/gm)];
  expect(subjects).toHaveLength(emails.length);
  for (const file of emails) expect([file, readFileSync(join(out, file), 'utf8')]).toEqual([file, expect.stringMatching(/<mark[^>]*>/)]);
  for (const [, path] of run.stdout.matchAll(/saved (\S+)$/gm)) expect([path, existsSync(resolvePath(ROOT, path!))]).toEqual([path, true]);

  // The webhook receiver checked every signature; the high alerts went to both channels.
  const payloads = webhooks.map(
    (f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as { version: number; type: string; alert: { severity: string; person: { name: string } } },
  );
  for (const p of payloads) expect(p).toMatchObject({ version: 1, type: 'alert', alert: { severity: 'high' } });
  expect(run.stdout.match(/signature verified/g)).toHaveLength(webhooks.length);
  expect(run.stdout).not.toMatch(/signature refused/);
  const emailed = subjects.map((m) => m[2]!.trim()).sort();
  expect(payloads.map((p) => p.alert.person.name).sort()).toEqual(emailed);
  expect(emailed).toEqual(expect.arrayContaining(['Mu Sochua', 'Sam Serey', 'Theary Seng']));

  expect(run.stdout).toMatch(/^\d+ new articles, \d+ alerts; deliveries: \d+ sent, 0 to retry, 0 failed$/m);
  expect(run.stdout).toMatch(/^stopped: worker, servers and redis-server /m);
  await leftNothing(run.stdout);
}, 120_000);

test('Ctrl-C while it polls stops everything it started: exit 130, no redis-server, no temporary files', async () => {
  const out = mkdtempSync(join(outs, 'run-'));
  const run = await demo(out, /^polling /m);
  expect(run.code).toBe(130);
  expect(run.stdout).toMatch(/^interrupted: worker, servers and redis-server stopped/m);
  expect(run.stdout).not.toMatch(/\n\s+at /);
  await leftNothing(run.stdout);
}, 120_000);
