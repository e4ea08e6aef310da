import type { ConfigPaths } from './explain';

export interface EmailRenderOptions extends ConfigPaths {
  /** Right-hand side of Message-IDs, usually the sending domain. */
  messageIdDomain?: string;
}

/** A rendered email, ready for the mailer: add the recipients. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** With angle brackets, as the Message-ID header carries it. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Extra headers: no out-of-office replies, and a severity mail filters can sort on. */
  headers: Record<string, string>;
}

export const DEFAULT_MESSAGE_ID_DOMAIN = 'exilewatch.localhost';
export const SUBJECT_PREFIX = '[exilewatch]';

export function autoHeaders(severity: string): Record<string, string> {
  return { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Exilewatch-Severity': severity };
}
