import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhook-signature';
import { postJson, type PostOptions } from './http-post';

/** The headers of a signed webhook request, for a body sent at `nowMs`. */
export function webhookHeaders(secret: string, body: string, deliveryId: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'Content-Type': 'application/json',
    // Same on every attempt of a delivery: the receiver's key for ignoring a repeat.
    'Idempotency-Key': deliveryId,
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
  };
}

/**
 * POSTs a rendered webhook body, signed at the time of sending (so a retry hours later is still inside
 * the receiver's tolerance). Resolves with the receiver's 2xx status; throws a DeliveryError (channel
 * 'webhook') saying whether to retry. Neither the secret nor the signature appears in any error.
 */
export async function postWebhook(
  url: string,
  secret: string,
  rendered: { body: string; deliveryId: string },
  opts: PostOptions = {},
): Promise<{ status: number }> {
  const now = (opts.now ?? Date.now)();
  return postJson('webhook', url, rendered.body, webhookHeaders(secret, rendered.body, rendered.deliveryId, now), opts);
}
