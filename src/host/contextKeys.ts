import * as vscode from 'vscode';
import type { ContextKey } from '../constants';

/** Sets a context key read by `when` clauses in package.json. */
export function setContext(key: (typeof ContextKey)[keyof typeof ContextKey], value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
