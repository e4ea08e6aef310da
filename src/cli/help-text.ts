import type { Command } from 'commander';

interface Help {
  example: string[];
  env: string[];
  exit: string[];
}

const CONFIG = ['EXILEWATCH_WATCHLIST, EXILEWATCH_FEEDS   default --watchlist and --feeds'];
const REDIS = [
  'REDIS_URL (or REDIS_SENTINELS, REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES)   the Redis to use; else 127.0.0.1, else the embedded one',
  'EXILEWATCH_PREFIX   key prefix (default exilewatch)',
  'EXILEWATCH_LOCAL_REDIS_PORT, EXILEWATCH_DATA_DIR   the local or embedded Redis',
];
const MAIL = ['SMTP_URL   mail server for email routes (smtp:// or smtps://, credentials in the URL)', 'MAIL_FROM, MAIL_REPLY_TO   sender and reply-to'];
const LOGS = ['LOG_LEVEL, LOG_FORMAT, NO_COLOR   log lines on standard error'];
const ROUTE_VARS = ['${VARS} the watchlist references   route addresses and secrets (e.g. SLACK_WEBHOOK_URL)'];
const USAGE = '1    bad configuration, a usage mistake (unknown option), or no Redis answering';

/** Per command (its full name): an example, the environment it reads, and its exit codes. */
const HELP: Record<string, Help> = {
  validate: {
    example: ['npm run -s cli -- validate', 'npm run -s cli -- validate --watchlist my.yaml --feeds my-feeds.yaml'],
    env: [...CONFIG, ...ROUTE_VARS],
    exit: ['0    no errors (warnings are printed)', '1    errors, each as file:line:column: message'],
  },
  match: {
    example: [
      'npm run -s cli -- match article.txt',
      'npm run -s cli -- match https://news.example.org/story --explain vanna-sokun',
      'cat page.html | npm run -s cli -- match - --format json',
    ],
    env: [
      'EXILEWATCH_WATCHLIST   default --watchlist',
      'EXILEWATCH_DATA_DIR   where the validated watchlist is cached (var/cache)',
      'NO_COLOR   no highlighting',
    ],
    exit: [
      '0    matched (with or without alerts)',
      '1    bad input: a missing or empty file, a page that cannot be fetched, an unknown --explain id, a bad watchlist',
    ],
  },
  run: {
    example: ['npm start', 'REDIS_URL=redis://redis:6379 SMTP_URL=smtp://mail:587 npm run -s cli -- run'],
    env: [
      ...CONFIG,
      ...REDIS,
      ...MAIL,
      ...ROUTE_VARS,
      ...LOGS,
      'HTTP_PORT, HTTP_HOST, ADMIN_PASSWORD   health, metrics and the queue dashboard',
      'EXILEWATCH_JOB_LOCK_MS, EXILEWATCH_DELIVERY_RETRY_MS   take-over and retry timing',
    ],
    exit: ['0    stopped on SIGINT, SIGTERM or SIGHUP, jobs in hand finished', '1    bad configuration', '130  stopped at once (a second Ctrl-C)'],
  },
  once: {
    example: ['npm run -s cli -- once', 'npm run -s cli -- once --dry-run --watchlist edited.yaml'],
    env: [...CONFIG, ...REDIS, ...MAIL, ...ROUTE_VARS, ...LOGS],
    exit: ['0    every source was read', USAGE, '2    a source failed (named in the summary)', '130  interrupted'],
  },
  reload: {
    example: ['npm run -s cli -- reload', 'npm run -s cli -- reload --watchlist config/watchlist.yaml --feeds config/feeds.yaml'],
    env: [...CONFIG, ...REDIS, ...ROUTE_VARS],
    exit: [
      '0    every running worker reloaded and all run the same version',
      '1    the files here have errors (no worker is asked), no worker runs, one refused its files or did not answer, or they disagree',
    ],
  },
  replay: {
    example: ['npm run -s cli -- replay --since 3d --dry-run', 'npm run -s cli -- replay --since 12h --previous watchlist-before.yaml'],
    env: [...CONFIG, ...REDIS, ...ROUTE_VARS, 'EXILEWATCH_REPLAY_WINDOW   how long article text is kept to match again (default 3d, off)'],
    exit: ['0    replayed (with or without new alerts)', '1    a bad --since, replay turned off, bad configuration, or no Redis answering'],
  },
  status: {
    example: ['npm run -s cli -- status', 'npm run -s cli -- status --json'],
    env: [...CONFIG, ...REDIS],
    exit: ['0    printed', USAGE],
  },
  'alerts list': {
    example: [
      'npm run -s cli -- alerts list --since 24h',
      'npm run -s cli -- alerts list --route ngo-desk --state failed',
      'TZ=Asia/Bangkok npm run -s cli -- alerts list --severity high --json',
    ],
    env: [...CONFIG, ...REDIS, 'TZ   the time zone times are shown in'],
    exit: ['0    printed (also when no alert matches)', `${USAGE}; an unknown --person or --route id`],
  },
  'alerts retry-failed': {
    example: ['npm run -s cli -- alerts retry-failed'],
    env: [...CONFIG, ...REDIS],
    exit: ['0    failed deliveries queued again for a running worker', USAGE],
  },
  'test-route': {
    example: ['SMTP_URL=smtp://user:pass@mail.example.org:587 npm run -s cli -- test-route ngo-desk', 'npm run -s cli -- test-route partner-webhook'],
    env: ['EXILEWATCH_WATCHLIST   default --watchlist', ...MAIL, ...ROUTE_VARS],
    exit: [
      '0    the channel accepted the test message',
      '1    the channel refused it (its error in one line), or a bad watchlist',
      '2    no such route, or the route is disabled',
    ],
  },
  'digest send': {
    example: ['npm run -s cli -- digest send daily-digest'],
    env: [...CONFIG, ...REDIS, ...MAIL, ...ROUTE_VARS],
    exit: [
      '0    sent, or nothing waiting',
      `1    the channel refused (the alerts keep waiting); ${USAGE.slice(5)}`,
      '2    no such route, or the route has no mode: digest',
    ],
  },
  demo: {
    example: ['npm run demo', 'npm run -s cli -- demo --out /tmp/demo'],
    env: ['EXILEWATCH_DATA_DIR   default --out is DATA_DIR/demo', ...LOGS],
    exit: ['0    done, or stopped with Ctrl-C once the alerts arrived', '1    something the demo needs is missing or failed', '130  interrupted'],
  },
  preview: {
    example: ['npm run -s cli -- preview alert --out var/alert.html', 'npm run -s cli -- preview digest --redacted --out /tmp/digest.html'],
    env: [],
    exit: ['0    written', '1    the file cannot be written (a missing or read-only directory)'],
  },
};

function render(h: Help): string {
  const lines = ['', 'Examples:', ...h.example.map((e) => `  $ ${e}`)];
  if (h.env.length > 0) {
    // "NAME   meaning": the meanings lined up in one column.
    const rows = h.env.map((e) => e.split(/ {3}/, 2) as [string, string?]);
    const width = Math.max(...rows.map(([name]) => name.length));
    lines.push('', 'Environment:', ...rows.map(([name, meaning]) => `  ${meaning ? `${name.padEnd(width)}  ${meaning}` : name}`));
  }
  lines.push('', 'Exit codes:', ...h.exit.map((e) => `  ${e}`));
  return lines.join('\n');
}

function fullName(c: Command): string {
  const names: string[] = [];
  for (let at: Command | null = c; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Adds examples, environment and exit codes after each command's own help. */
export function addCommandHelp(cli: Command): void {
  const visit = (c: Command): void => {
    const help = HELP[fullName(c)];
    if (help) c.addHelpText('after', render(help));
    c.commands.forEach(visit);
  };
  cli.commands.forEach(visit);
}

/** Commands without help text here: a test keeps every command documented. */
export function commandsWithoutHelp(cli: Command): string[] {
  const out: string[] = [];
  const visit = (c: Command): void => {
    if (c.commands.length === 0 && !HELP[fullName(c)]) out.push(fullName(c));
    c.commands.forEach(visit);
  };
  cli.commands.forEach(visit);
  return out;
}
