/** "Choose Workspace for Model References…" (once per folder) and "Refresh Model References". */
import * as vscode from 'vscode';
import { InventoryError } from '../core/errors';
import type { CommandServices } from '../commands/CommandServices';
import { pickScope, pickSubscription } from '../commands/pickers';
import { userCancelled } from '../commands/runCommand';
import { updateReferencesWorkspace } from '../host/settings';
import type { ReferenceService } from './ReferenceService';

function folderOf(arg: unknown): vscode.WorkspaceFolder | undefined {
  const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  return uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
}

/** Returns the ARM id written to the setting. */
export async function pickReferenceWorkspace(services: CommandServices, references: ReferenceService | undefined, arg: unknown): Promise<string> {
  let folder = folderOf(arg);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folder && folders.length > 1) {
    const picked = await services.prompter.pick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath, value: f })), { placeHolder: 'Which folder\'s model references?' });
    if (!picked) throw userCancelled();
    folder = picked;
  }
  folder ??= folders[0];
  const connection = services.connections.current();
  const scope = await pickScope(connection, await pickSubscription(connection, services.prompter), services.prompter);
  if (scope.kind !== 'workspace') throw new InventoryError('validation', 'Short references (azureml:<name>:<version>) resolve in a workspace; pick a workspace, not a registry.');
  await updateReferencesWorkspace(folder, scope.id);
  references?.refresh();
  services.prompter.notify(`Model references in ${folder?.name ?? 'this window'} now resolve against workspace ${scope.name}.`);
  return scope.id;
}

export function refreshReferences(references: ReferenceService | undefined): void {
  references?.refresh();
}
