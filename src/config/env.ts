/**
 * The environment, read once at start-up into a typed object. Nothing below the command line reads
 * process.env: whatever a stage needs is passed down from here.
 */
export interface AppEnv {
  watchlistPath: string;
  feedsPath: string;
  redisUrl?: string;
  smtpUrl?: string;
  logLevel: string;
  /** Everything, for ${VAR} references in the YAML files. */
  vars: Readonly<Record<string, string | undefined>>;
}

export function readEnv(env: NodeJS.ProcessEnv): AppEnv {
  const out: AppEnv = {
    watchlistPath: env.EXILEWATCH_WATCHLIST || 'config/watchlist.yaml',
    feedsPath: env.EXILEWATCH_FEEDS || 'config/feeds.yaml',
    logLevel: env.LOG_LEVEL || 'info',
    vars: { ...env },
  };
  if (env.REDIS_URL) out.redisUrl = env.REDIS_URL;
  if (env.SMTP_URL) out.smtpUrl = env.SMTP_URL;
  return out;
}
