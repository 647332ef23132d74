/** Azure ML timestamps: 7 fractional digits and an explicit +00:00 offset, e.g. 2026-03-26T19:14:50.5505339+00:00. */
export function azureTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}

/** The value Azure ML puts in `endTime` while an operation is still running. */
export const UNSET_TIMESTAMP = '0001-01-01T00:00:00+00:00';
