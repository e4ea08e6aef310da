import { join } from 'node:path';
import type { AppEnv } from '../config/env';
import { loadWatchlistForMatching } from '../config/watchlist-cache';
import { runMatch } from './match';

export interface MatchFlags {
  watchlist: string;
  format: 'text' | 'json';
  explain?: string;
  allowPrivateNetwork?: boolean;
}

/** `exilewatch match` once its arguments are parsed, by the command-line parser or by match-argv.ts. */
export async function matchCommand(inputs: string[], o: MatchFlags, env: AppEnv): Promise<void> {
  const watchlist = loadWatchlistForMatching(o.watchlist, env.vars, join(env.dataDir, 'cache'));
  const color = Boolean(process.stdout.isTTY) && !env.noColor;
  const opts = {
    inputs,
    format: o.format,
    color,
    allowPrivateNetwork: o.allowPrivateNetwork === true,
    ...(o.explain !== undefined ? { explain: o.explain } : {}),
  };
  process.stdout.write(await runMatch(opts, watchlist));
}
