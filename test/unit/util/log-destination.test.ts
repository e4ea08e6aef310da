// Where log lines go and how they look, in a real process: through a pipe (as a collector or
// `docker logs` reads them) and on a terminal (a pseudo-terminal made by util-linux's `script`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli';

const logger = join(ROOT, 'dist', 'src', 'util', 'logger.js');

/** A process that logs one line to `fd` as LOG_FORMAT says, and exits at once. */
function script(format: string, fd: 1 | 2): string {
  return [
    `const { createLogger, logDestination } = require(${JSON.stringify(logger)});`,
    `const log = createLogger('info', logDestination(${fd}, { format: ${JSON.stringify(format)}, color: true }));`,
    `log.info({ source_id: 'local', password: 'hunter2' }, 'source polled');`,
    // The last line before an exit must not be lost.
    `process.exit(0);`,
  ].join(' ');
}

function piped(format: string, fd: 1 | 2 = 1): string {
  const r = spawnSync(process.execPath, ['-e', script(format, fd)], { encoding: 'utf8' });
  return fd === 1 ? r.stdout : r.stderr;
}

const PRETTY = /^\d\d:\d\d:\d\d\.\d{3} INFO  source polled {2}source_id=local password="\[redacted\]"\r?\n$/;

test('through a pipe: JSON unless LOG_FORMAT=pretty, which gives readable lines without colour', () => {
  const json = JSON.parse(piped('auto')) as Record<string, unknown>;
  expect(json).toMatchObject({ level: 30, msg: 'source polled', source_id: 'local', password: '[redacted]' });
  expect(JSON.parse(piped('json', 2))).toMatchObject({ msg: 'source polled' });
  expect(piped('pretty')).toMatch(PRETTY);
  expect(piped('pretty', 2)).toMatch(PRETTY);
});

const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

(hasScript ? test : test.skip)('on a terminal: readable and coloured unless LOG_FORMAT=json', () => {
  const onTerminal = (format: string): string => {
    const command = `${process.execPath} -e ${JSON.stringify(script(format, 1))}`;
    return spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' }).stdout;
  };
  const auto = onTerminal('auto');
  expect(auto).toContain('\u001b[32mINFO \u001b[0m source polled');
  expect(auto).not.toContain('hunter2');
  expect(JSON.parse(onTerminal('json').trim())).toMatchObject({ msg: 'source polled', password: '[redacted]' });
});
