import type { MatchFlags } from './match-command';

export interface MatchArgv {
  inputs: string[];
  /** The watchlist is left out when not given: its default comes from the environment. */
  flags: Omit<MatchFlags, 'watchlist'> & { watchlist?: string };
}

const VALUED = { '--watchlist': 'watchlist', '--explain': 'explain', '--format': 'format' } as const;

/**
 * The arguments after `match`, read as the command-line parser reads them, for the plain cases only:
 * undefined for help, a mistake, a repeated or unknown option, or a value that looks like an option,
 * which the parser then handles with its own messages. `match` on a file thus starts without loading
 * the parser and building every command (test/unit/cli/match-argv.test.ts compares the two).
 */
export function parseMatchArgv(args: readonly string[]): MatchArgv | undefined {
  const inputs: string[] = [];
  const flags: MatchArgv['flags'] = { format: 'text' };
  const seen = new Set<string>();
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!options || arg === '-' || !arg.startsWith('-')) {
      inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      options = false;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (name === '--allow-private-network' && eq < 0) {
      flags.allowPrivateNetwork = true;
      continue;
    }
    const key = VALUED[name as keyof typeof VALUED] as (typeof VALUED)[keyof typeof VALUED] | undefined;
    if (key === undefined) return undefined;
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (key === 'format') {
      if (value !== 'text' && value !== 'json') return undefined;
      flags.format = value;
    } else flags[key] = value;
  }
  return { inputs: inputs.length > 0 ? inputs : ['-'], flags };
}
