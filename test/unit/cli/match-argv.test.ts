import type { Command } from 'commander';
import { program } from '../../../src/cli/main';
import { parseMatchArgv } from '../../../src/cli/match-argv';

/** What the command-line parser gives the match action, or the exit code it stops with. */
async function parsed(args: string[]): Promise<{ inputs: string[]; flags: Record<string, unknown> } | 'refused'> {
  const cli = program();
  cli.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  const match = cli.commands.find((c) => c.name() === 'match') as Command;
  match.exitOverride();
  let got: { inputs: string[]; flags: Record<string, unknown> } | undefined;
  match.action((inputs: string[], flags: Record<string, unknown>) => {
    got = { inputs, flags: { ...flags } };
  });
  try {
    await cli.parseAsync(['node', 'exilewatch', 'match', ...args]);
  } catch {
    return 'refused';
  }
  return got ?? 'refused';
}

const CASES: string[][] = [
  [],
  ['-'],
  ['a.txt'],
  ['a.txt', 'b.html', 'dir/'],
  ['a.txt', '--format', 'json'],
  ['--format=json', 'a.txt'],
  ['--format', 'text', '-'],
  ['a.txt', '--watchlist', 'w.yaml', 'b.txt'],
  ['--watchlist=w.yaml'],
  ['--explain', 'mu-sochua', 'a.txt'],
  ['--explain=kem-sokha', '--allow-private-network', 'http://127.0.0.1:8080/x'],
  ['--', '--format', 'a.txt'],
  ['a.txt', '--', '-'],
  ['--format', 'xml', 'a.txt'],
  ['--format'],
  ['--watchlist'],
  ['--help'],
  ['-h'],
  ['--unknown', 'a.txt'],
  ['-x'],
  ['--format', 'json', '--format', 'text'],
  ['--watchlist', '--format', 'json'],
  ['--allow-private-network=yes'],
  ['--watchlist='],
  ['--version'],
  [''],
];

test.each(CASES.map((args) => [args]))('match %j reads as the command-line parser reads it', async (args) => {
  const quick = parseMatchArgv(args);
  const byParser = await parsed(args);
  // Declined cases go to the parser; what is taken must be what the parser would give.
  if (quick === undefined) return;
  const watchlist = program()
    .commands.find((c) => c.name() === 'match')!
    .getOptionValue('watchlist') as string;
  expect(byParser).toEqual({ inputs: quick.inputs, flags: { watchlist, ...quick.flags } });
});

test('help, mistakes and unknown options are left to the parser', () => {
  for (const args of [['--help'], ['-h'], ['--format', 'xml'], ['--format'], ['--unknown'], ['--watchlist', '--format', 'json'], ['--version']]) {
    expect([args, parseMatchArgv(args)]).toEqual([args, undefined]);
  }
});

test('plain arguments are taken', () => {
  expect(parseMatchArgv(['a.txt', '--format', 'json'])).toEqual({ inputs: ['a.txt'], flags: { format: 'json' } });
  expect(parseMatchArgv([])).toEqual({ inputs: ['-'], flags: { format: 'text' } });
});
