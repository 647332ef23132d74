import * as vscode from 'vscode';

/** An AbortSignal that fires when `token` is cancelled; the SDK and fetch understand signals, not tokens. */
export function abortSignalFrom(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}
