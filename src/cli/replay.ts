import type { ReplayOutcome, ReplayedAlert } from '../pipeline/replay-articles';

const LABEL: Record<ReplayedAlert['outcome'], string> = { raised: 'raised', 'would-raise': 'would raise', folded: 'folded' };

/**
 * `exilewatch replay`: one line per alert raised (or, in a dry run, that would be), then the counts.
 * Watchlist entries are shown by count unless the watchlist allows names in logs, as `alerts list` does.
 */
export function formatReplay(outcome: ReplayOutcome, opts: { since: number; dryRun: boolean; names: boolean }): string {
  const lines: string[] = [];
  for (const a of outcome.alerts) {
    const who = opts.names ? a.alert.entries.join(', ') : `${a.alert.entries.length} entries`;
    const followUp = a.followUpOf ? `  (follow-up of ${a.followUpOf})` : '';
    lines.push(`${LABEL[a.outcome].padEnd(12)}${a.alert.severity.toUpperCase().padEnd(9)}${a.alert.rule}  ${who}  ${a.article.url || a.article.id}${followUp}`);
    if (a.outcome !== 'would-raise') lines.push(`    alert ${a.alert.id}`);
  }
  const count = (o: ReplayedAlert['outcome']) => outcome.alerts.filter((a) => a.outcome === o).length;
  const expired = outcome.expired > 0 ? ` (${outcome.expired} more expired)` : '';
  lines.push(`articles: ${outcome.articles} kept since ${new Date(opts.since).toISOString()} matched again${expired}`);
  if (opts.dryRun) {
    lines.push(`alerts: ${count('would-raise')} would be raised, ${outcome.alreadyAlerted} already alerted, ${outcome.notNew} about nothing new`);
    lines.push('dry run: nothing recorded, queued or sent');
  } else {
    lines.push(
      `alerts: ${count('raised')} raised, ${count('folded')} folded into earlier alerts, ${outcome.alreadyAlerted} already alerted, ${outcome.notNew} about nothing new`,
    );
    lines.push(`deliveries: ${outcome.deliveries} queued (a running worker sends them)`);
  }
  return lines.join('\n') + '\n';
}
