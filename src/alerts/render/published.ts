import type { AlertFacts } from '../redact';
import { formatAge } from './article-age';
import { formatTime } from './format-time';

/**
 * When the article was published, as every renderer words it: how long ago first, then the time in
 * the route's zone. "published 3 days ago · Tue 12 Mar 2024, 23:40 (GMT+7, Asia/Phnom_Penh)".
 */
export function publishedText(f: Pick<AlertFacts, 'publishedAt' | 'ageMs' | 'detectedAt' | 'timeZone'>): string {
  const published = formatTime(f.publishedAt, f.timeZone);
  if (published) return f.ageMs === undefined ? `published ${published}` : `published ${formatAge(f.ageMs)} · ${published}`;
  const detected = formatTime(f.detectedAt, f.timeZone);
  return detected ? `seen ${detected} (no publication time given)` : 'no publication time given';
}

export const OLD_STORY_LEAD = 'Old story';

/** What follows the lead in the old-story warning, or undefined for news that is recent (or undated). */
export function oldStoryDetail(f: Pick<AlertFacts, 'oldStory' | 'ageMs'>): string | undefined {
  if (!f.oldStory || f.ageMs === undefined) return undefined;
  return `published ${formatAge(f.ageMs)}. It may be something already known, republished or only now carried by this source.`;
}

/** The old-story warning as one line of text, or undefined for news that is recent (or undated). */
export function oldStoryText(f: Pick<AlertFacts, 'oldStory' | 'ageMs'>): string | undefined {
  const detail = oldStoryDetail(f);
  return detail === undefined ? undefined : `${OLD_STORY_LEAD}: ${detail}`;
}

/** How subjects, Slack headers and digest lines mark an old story. */
export const OLD_STORY_MARK = '[old story]';
