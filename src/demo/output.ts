import { truncate } from '../alerts/render/clean-text';
import type { Watchlist } from '../config/watchlist-schema';
import type { WebhookAlertPayloadV1, WebhookDigestPayloadV1 } from '../alerts/render/webhook';
import { forTerminal } from '../util/terminal-text';

/*
 * The demo's own lines. Everything that came from a feed (subjects, evidence, names) passes through
 * the terminal-text filter: the fixture feeds are the project's, but the code path is the one any
 * feed's text would take.
 */

const WIDTH = 110;
const LABEL = 11;

/** A labelled line, the label in a column of its own. */
export const step = (label: string, text: string): string => `  ${label.padEnd(LABEL)}${text}`;
/** A line under a labelled one. */
export const more = (text: string): string => `  ${' '.repeat(LABEL)}${text}`;

const safe = (text: string): string => forTerminal(text).replace(/\s+/g, ' ').trim();

/** The first evidence sentence of an alert email's text part, where matched words are [bracketed]. */
export function emailEvidence(text: string | undefined): string | undefined {
  const line = (text ?? '').split('\n').find((l) => l.startsWith('> '));
  if (line === undefined) return undefined;
  const short = truncate(safe(line.slice(2)), WIDTH);
  // Cut inside a matched word, the bracket is closed so that the match still reads as one.
  const open = short.lastIndexOf('[') > short.lastIndexOf(']');
  return open ? `${short.slice(0, -1)}]…` : short;
}

export function emailLines(subject: string, to: string[], text: string | undefined, savedAs: string): string[] {
  const evidence = emailEvidence(text);
  return [step('email', `to ${safe(to.join(', '))}: ${safe(subject)}`), ...(evidence ? [more(`> ${evidence}`)] : []), more(`saved ${savedAs}`)];
}

type Payload = Partial<WebhookAlertPayloadV1> | Partial<WebhookDigestPayloadV1>;

export function webhookLines(payload: unknown, signatureProblem: string | undefined, savedAs: string): string[] {
  const p = (payload && typeof payload === 'object' ? payload : {}) as Payload;
  const checked = signatureProblem ? `signature refused (${signatureProblem})` : 'signature verified';
  if (p.type === 'digest')
    return [step('webhook', `${safe(p.delivery?.route ?? '?')}: digest of ${p.alerts?.length ?? 0} alerts, ${checked}, saved ${savedAs}`)];
  const alert = p.type === 'alert' ? p.alert : undefined;
  const who = alert?.person && 'name' in alert.person ? alert.person.name : (alert?.person?.caseCode ?? 'no person');
  const what = (alert?.signals ?? []).map((s) => s.label).join(', ');
  const head = [alert?.severity?.toUpperCase() ?? '?', who, what].filter((x) => x !== '').join(' · ');
  return [step('webhook', `${safe(p.delivery?.route ?? '?')}: ${safe(head)}`), more(`${checked}, saved ${savedAs}`)];
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function watchlistLine(w: Watchlist): string {
  const routes = w.routes.map((r) => `${r.id} (${r.kind}${r.mode === 'digest' ? ' digest' : ''})`).join(', ');
  const what = `${plural(w.people.length, 'person', 'people')}, ${plural(w.signals.length, 'signal')} and ${plural(w.rules.length, 'rule')}`;
  return step('watchlist', `${what} of config/watchlist.yaml; alerts to ${routes}`);
}
