import type { AlertFacts } from '../redact';
import { cleanText, truncate } from './clean-text';

const PART_MAX = 60;

export function severityLabel(severity: AlertFacts['severity']): string {
  return severity.toUpperCase();
}

/**
 * The alert at a glance, as the parts of a subject line: severity, who, what, where. Where is the
 * country, or the source when no country was named.
 */
export function headlineParts(f: AlertFacts): string[] {
  const parts = [severityLabel(f.severity)];
  if (f.who) parts.push(f.who);
  parts.push(whatText(f));
  parts.push(f.where.length > 0 ? f.where.join(', ') : (f.sourceName ?? f.sourceId));
  return parts.map((p) => truncate(cleanText(p).trim(), PART_MAX)).filter((p) => p !== '');
}

/** The signals; "mentioned" for a person named with none; else the title (or rule, when redacted). */
export function whatText(f: AlertFacts): string {
  if (f.what.length > 0) return f.what.join(', ');
  if (f.who) return 'mentioned';
  return f.title ?? f.rule;
}

export function headline(f: AlertFacts): string {
  return headlineParts(f).join(' · ');
}
