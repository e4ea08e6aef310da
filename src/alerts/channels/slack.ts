import type { SlackMessage } from '../render/slack';
import { postJson, type PostOptions } from './http-post';

/**
 * Posts a rendered message to a Slack incoming webhook. Resolves when Slack accepted it; throws a
 * DeliveryError (channel 'slack') saying whether to retry, and after how long when Slack rate limits.
 * The webhook URL is the secret of the channel: it is only ever sent to Slack, never logged.
 */
export async function postToSlack(webhookUrl: string, message: SlackMessage, opts: PostOptions = {}): Promise<void> {
  await postJson('slack', webhookUrl, JSON.stringify(message), {}, opts);
}
