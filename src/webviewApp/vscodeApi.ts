/** The one `acquireVsCodeApi()` call of a webview (VS Code allows it once per page load). */

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<State>(): VsCodeApi<State> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<State>;
}
