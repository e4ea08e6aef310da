import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderAlertEmail, renderDigestEmail, type RenderedEmail } from './render/email';
import { SAMPLE_ROUTES, SAMPLE_TIME, sampleAlertView, sampleDigestViews } from './preview-sample';

export type PreviewKind = 'alert' | 'digest';

export interface PreviewOptions {
  /** Render as a route with `redact: true` would: case codes, no names, no evidence. */
  redact?: boolean;
}

/** The sample alert or digest email, rendered exactly as a route would send it. */
export function renderPreview(kind: PreviewKind, opts: PreviewOptions = {}): RenderedEmail {
  const redact = opts.redact ?? false;
  if (kind === 'alert') return renderAlertEmail(sampleAlertView({ ...SAMPLE_ROUTES.email, redact }), { now: SAMPLE_TIME });
  const route = { ...SAMPLE_ROUTES.digest, redact };
  return renderDigestEmail(sampleDigestViews(route), { route, now: SAMPLE_TIME });
}

/**
 * Writes the sample's HTML to `outFile` (directories created as needed) and returns the path, for
 * `exilewatch preview alert|digest [--out FILE]`: look at a message before any news arrives.
 */
export async function writePreview(kind: PreviewKind, outFile: string, opts: PreviewOptions = {}): Promise<string> {
  const email = renderPreview(kind, opts);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, email.html, 'utf8');
  return outFile;
}
