import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/errors';
import { readEnv } from '../config/env';
import { loadWatchlist } from '../config/load-watchlist';
import { runMatch } from './match';
import { UserError } from './user-error';
import { validate } from './validate';

const VERSION = '0.1.0';

function program(): Command {
  const env = readEnv(process.env);
  const cli = new Command('exilewatch')
    .description('Watches news feeds for signs that governments are pursuing their critics abroad.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  cli
    .command('validate')
    .description('check the watchlist and feeds files; print every problem as file:line:column')
    .option('--watchlist <path>', 'watchlist file', env.watchlistPath)
    .option('--feeds <path>', 'feeds file (checked when it exists, or when named)')
    .action((o: { watchlist: string; feeds?: string }) => {
      process.exitCode = validate(
        { watchlist: o.watchlist, feeds: o.feeds ?? env.feedsPath, feedsExplicit: o.feeds !== undefined },
        env.vars,
        (line) => console.log(line),
      );
    });

  cli
    .command('match')
    .description('match a text, HTML or feed file (or - for standard input) against the watchlist and explain')
    .argument('[file]', 'file to read, or - for standard input', '-')
    .option('--watchlist <path>', 'watchlist file', env.watchlistPath)
    .addOption(new Option('--format <format>', 'text for people, json for programs').choices(['text', 'json']).default('text'))
    .action(async (file: string, o: { watchlist: string; format: 'text' | 'json' }) => {
      const { watchlist } = loadWatchlist(o.watchlist, env.vars);
      process.stdout.write(await runMatch({ file, format: o.format, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }, watchlist));
    });

  return cli;
}

/** Entry point: user mistakes become one line on stderr and a non-zero exit code, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    if (err instanceof UserError) {
      console.error(`exilewatch: ${err.message}`);
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
