/**
 * The one wrapper every command goes through: per-invocation context (cancellation, progress), logging with
 * duration, and errors turned into messages a user can act on. Nothing else calls `registerCommand`.
 */
import * as vscode from 'vscode';
import { CommandId, settingsSection } from '../constants';
import { InventoryError, isCancellation } from '../core/errors';
import { abortSignalFrom } from '../host/cancellation';
import type { Logger } from '../host/logger';
import type { Prompter } from '../host/prompter';
import { actionLabels, presentError } from './errorPresentation';
import type { ErrorAction } from './errorPresentation';

export interface CommandContext {
  readonly id: CommandId;
  /** Runs `task` with a cancellable notification; cancelling aborts the signal passed to it. */
  withProgress<T>(title: string, task: (abortSignal: AbortSignal) => Promise<T>): Promise<T>;
}

export type CommandHandler = (context: CommandContext, ...args: unknown[]) => unknown;

/** Thrown when the user dismisses a picker or input: ends the command silently. */
export function userCancelled(): InventoryError {
  return new InventoryError('cancelled', 'Cancelled by the user.');
}

async function withProgress<T>(title: string, task: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const abort = abortSignalFrom(token);
    try {
      return await task(abort.signal);
    } finally {
      abort.dispose();
    }
  });
}

/** `prompter`: where errors are shown (the composition root's, so extension-host tests see them); VS Code's when absent. */
export function registerCommand(id: CommandId, handler: CommandHandler, logger: Logger, prompter?: Prompter): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const started = Date.now();
    try {
      const result = await handler({ id, withProgress }, ...args);
      logger.trace(`${id} succeeded in ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      if (isCancellation(error)) {
        logger.trace(`${id} cancelled after ${Date.now() - started} ms`);
        return undefined;
      }
      logger.error(`${id} failed after ${Date.now() - started} ms: ${describe(error)}`, error instanceof InventoryError ? undefined : error);
      void showError(error, logger, prompter);
      return undefined;
    }
  });
}

function describe(error: unknown): string {
  if (!(error instanceof InventoryError)) return error instanceof Error ? error.message : String(error);
  const { statusCode, code, requestId } = error.details;
  const facts = [error.kind, statusCode, code, requestId && `request ${requestId}`].filter(Boolean).join(', ');
  return `${error.message} (${facts})`;
}

async function showError(error: unknown, logger: Logger, prompter: Prompter | undefined): Promise<void> {
  const presentation = presentError(error);
  if (presentation.level === 'none') return;
  const labels = presentation.actions.map((action) => actionLabels[action]);
  const show = presentation.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const chosen = prompter
    ? await prompter.confirm(presentation.message, { severity: presentation.level === 'warning' ? 'warning' : 'error' }, ...labels)
    : await show(presentation.message, ...labels);
  const action = presentation.actions.find((a) => actionLabels[a] === chosen);
  if (action) await runErrorAction(action, logger);
}

async function runErrorAction(action: ErrorAction, logger: Logger): Promise<void> {
  switch (action) {
    case 'signIn':
      await vscode.commands.executeCommand(CommandId.signIn);
      return;
    case 'refresh':
      await vscode.commands.executeCommand(CommandId.refresh);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', settingsSection);
      return;
    case 'showLog':
      logger.show();
      return;
  }
}
