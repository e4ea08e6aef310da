/** Durations as both config files write them: a whole number and s, m, h or d ("90s", "15m", "6h", "7d"). */
export const DURATION = /^(\d+)(s|m|h|d)$/;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
