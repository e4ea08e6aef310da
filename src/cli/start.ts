import { readEnv } from '../config/env';
import { parseMatchArgv } from './match-argv';

/**
 * The command line's entry point. `match` with plain arguments runs without the command-line parser,
 * whose loading and the building of every command were a large share of its start-up; everything
 * else, help and mistakes included, goes through the parser (main.ts).
 */
export async function start(argv: string[]): Promise<void> {
  const quick = argv[2] === 'match' ? parseMatchArgv(argv.slice(3)) : undefined;
  if (!quick) return (require('./main') as typeof import('./main')).main(argv);
  try {
    const env = readEnv(process.env);
    const { matchCommand } = require('./match-command') as typeof import('./match-command');
    await matchCommand(quick.inputs, { ...quick.flags, watchlist: quick.flags.watchlist ?? env.watchlistPath }, env);
  } catch (err) {
    const { reportError } = require('./report-error') as typeof import('./report-error');
    if (!reportError(err)) throw err;
  }
}
