/**
 * Transfer progress shared by upload and download: the counters the transfer engine reports, and the rate / ETA
 * text the progress notifications show. Pure, so both directions say the same thing the same way.
 */
export interface TransferProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** `3/10 files, 12.0 MB of 40 MB — 5.2 MB/s, 6 s left` after `elapsedMs` of transfer. */
export function describeTransfer(p: TransferProgress, elapsedMs: number): string {
  const seconds = Math.max(0.001, elapsedMs / 1000);
  const rate = p.bytesDone / seconds;
  const eta = rate > 0 ? Math.ceil((p.bytesTotal - p.bytesDone) / rate) : undefined;
  return `${p.filesDone}/${p.filesTotal} files, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} — ${(rate / 1048576).toFixed(1)} MB/s${eta !== undefined ? `, ${eta} s left` : ''}`;
}

/**
 * Throttles progress events for a notification: at most one every `intervalMs` (the last one always passes) and
 * the percent increment since the previous report, which is what `vscode.Progress.report` wants.
 */
export function progressThrottle(intervalMs = 250, now: () => number = Date.now): (p: TransferProgress) => { message: string; increment: number } | undefined {
  const started = now();
  let lastPercent = 0;
  let lastShown = Number.NEGATIVE_INFINITY;
  return (p) => {
    const t = now();
    if (t - lastShown < intervalMs && p.bytesDone < p.bytesTotal) return undefined;
    lastShown = t;
    const percent = p.bytesTotal ? (100 * p.bytesDone) / p.bytesTotal : 100;
    const increment = Math.max(0, percent - lastPercent);
    lastPercent = Math.max(lastPercent, percent);
    return { message: describeTransfer(p, t - started), increment };
  };
}
