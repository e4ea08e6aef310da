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
 * names and ids stay out of logs unless the watchlist allows them: a quoted text that contains one of
 * `watched` (names, aliases, ids, in any case) is left out, and the position says where to look
 * (`exilewatch validate` prints the whole message). Other quotes, such as the values a key takes, stay.
 */
export function issueForLog(issue: ConfigIssue, watched: readonly string[]): string {
  const terms = watched.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0);
  const names = (text: string): boolean => terms.some((t) => text.includes(t) || (text.length > 0 && t.includes(text)));
  // Quoted values, and entries named by id in a path (`people[kem-sokha].aliases`): ids are often names.
  const message = issue.message
    .replace(/"[^"]*"/g, (quoted) => (names(quoted.slice(1, -1).toLowerCase()) ? '"…"' : quoted))
    .replace(/\[([^\]]*)\]/g, (entry, id: string) => (names(id.toLowerCase()) ? '[…]' : entry));
  return formatIssue({ ...issue, message });
}
