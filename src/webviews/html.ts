/**
 * The HTML shell of every panel. The Content-Security-Policy lives only here: nothing inline but the nonce'd
 * script tag, styles and images only from the extension's own resources, no remote origins.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface ShellOptions {
  readonly webview: vscode.Webview;
  readonly title: string;
  readonly scriptUri: vscode.Uri;
  readonly styleUris: readonly vscode.Uri[];
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(webview: vscode.Webview, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `form-action 'none'`,
    `base-uri 'none'`,
  ].join('; ');
}

export function renderShell(options: ShellOptions): string {
  const nonce = createNonce();
  const { webview } = options;
  const styles = options.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeHtml(webview.asWebviewUri(uri).toString())}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(webview, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(options.title)}</title>
  </head>
  <body>
    <div id="root"><p class="status">Loading…</p></div>
    <div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
    <script nonce="${nonce}" src="${escapeHtml(webview.asWebviewUri(options.scriptUri).toString())}"></script>
  </body>
</html>`;
}
