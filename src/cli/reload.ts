import { publishReload } from '../queue/reload-channel';
import { Keys } from '../store/keys';
import type { WorkerRecord } from '../store/worker-registry';
import type { Runtime } from '../worker/runtime';
import { UserError } from './user-error';
import { reloadText, versionsOf } from './worker-versions';

export interface ReloadReport {
  text: string;
  /** Every worker answered, none refused, all on one version. */
  ok: boolean;
}

const ANSWER_MS = 15_000;

/**
 * `exilewatch reload`: asks every running worker to reload its own files, waits for their answers
 * (each worker records the request it acted on), and says what each now runs.
 */
export async function requestReload(runtime: Runtime, filesVersion: string, waitMs = ANSWER_MS): Promise<ReloadReport> {
  const channel = new Keys(runtime.conns.config.prefix).reloadChannel();
  const { requestId, listeners } = await publishReload(runtime.redis, channel);
  if (listeners === 0) throw new UserError(`no running worker heard the request (prefix ${runtime.config.env.prefix}): start one with npm start`);
  const deadline = Date.now() + waitMs;
  let answered: WorkerRecord[] = [];
  for (;;) {
    answered = (await runtime.stores.workers.list()).filter((w) => w.answered === requestId);
    if (answered.length >= listeners || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const now = Date.now();
  const lines = [`asked ${listeners} worker${listeners === 1 ? '' : 's'} to reload; the files here are version ${filesVersion}`];
  for (const w of answered) lines.push(`  ${w.id}  version ${w.version}  reload ${reloadText(w, now)}`);
  const silent = listeners - answered.length;
  if (silent > 0) lines.push(`${silent} did not answer within ${Math.round(waitMs / 1000)} s: see exilewatch status`);
  const refused = answered.filter((w) => w.lastReload?.outcome === 'failed').length;
  if (refused > 0)
    lines.push(`${refused} refused the files and kept the last good configuration: run exilewatch validate where ${refused === 1 ? 'it runs' : 'they run'}`);
  const versions = versionsOf(answered);
  if (versions.length > 1) lines.push(`DISAGREE: ${versions.map((v) => `${v.version} on ${v.workers}`).join(', ')}`);
  else if (versions.length === 1 && silent === 0 && refused === 0) lines.push(`all on version ${versions[0]!.version}`);
  return { text: lines.join('\n') + '\n', ok: silent === 0 && refused === 0 && versions.length === 1 };
}
