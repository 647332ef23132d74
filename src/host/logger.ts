import * as vscode from 'vscode';
import { extensionDisplayName } from '../constants';
import { redactSecrets } from '../core/redact';

/** The extension's log, a LogOutputChannel (users pick the level). Everything written is redacted first. */
export class Logger implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel(extensionDisplayName, { log: true });

  trace(message: string): void {
    this.channel.trace(redactSecrets(message));
  }

  info(message: string): void {
    this.channel.info(redactSecrets(message));
  }

  warn(message: string): void {
    this.channel.warn(redactSecrets(message));
  }

  /** Logs the message and, for unexpected errors, the stack. */
  error(message: string, error?: unknown): void {
    const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
    this.channel.error(redactSecrets(`${message}${stack}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
