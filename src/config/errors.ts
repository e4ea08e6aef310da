/** One problem found in a configuration file, located for an editor. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatIssue(issue: ConfigIssue): string {
  const tag = issue.severity === 'warning' ? 'warning: ' : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${tag}${issue.message}`;
}

/** Thrown when a configuration file cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      issues
        .filter((i) => i.severity === 'error')
        .map(formatIssue)
        .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * An issue as a log line shows it. Watchlist messages quote the entries they are about, and watched
 * names and ids stay out of logs unless the watchlist allows them: then the quoted text is left out,
 * and the position says where to look (`exilewatch validate` prints the whole message).
 */
export function issueForLog(issue: ConfigIssue, names: boolean): string {
  return formatIssue(names ? issue : { ...issue, message: issue.message.replace(/"[^"]*"/g, '"…"') });
}
