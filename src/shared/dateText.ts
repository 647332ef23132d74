/**
 * The one way the extension shows a point in time: UTC, minute precision, e.g. "2025-01-08 12:40 UTC"
 * (tree tooltips, reference hovers, the details webview), and the short form "2025-01-08" (tree descriptions).
 * Pure and dependency-free so both the extension host and the webview bundle import it.
 */

function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "2025-01-08 12:40 UTC"; undefined for a missing or invalid date. */
export function formatTimestamp(value: Date | string | undefined): string | undefined {
  const date = toDate(value);
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : undefined;
}

/** "2025-01-08" (the UTC calendar date); undefined for a missing or invalid date. */
export function formatShortDate(value: Date | string | undefined): string | undefined {
  return toDate(value)?.toISOString().slice(0, 10);
}
