/**
 * A disposable copy of the real model folders for a window to open: VS Code writes into the folder it has open
 * (.vscode/settings.json from "Choose workspace…", downloads to the default picker location), so the demo and the
 * UI run never open ../shared/fixtures/real-models itself. The copy also holds the model-reference fixtures
 * (test/vscode/fixtures/workspace/model-references/), so there are azureml: references to hover.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ModelWorkspace {
  /** The folder to open. */
  readonly folder: string;
  /** The copied real model folders (inside `folder`). */
  readonly realModels: string;
  /** Where downloads go by default (inside `folder`). */
  readonly downloads: string;
}

/** Recreates `folder` (removing what a previous run left) from ../shared/fixtures/real-models; undefined without it. */
export function prepareModelWorkspace(root: string, folder: string): ModelWorkspace | undefined {
  const source = resolve(root, '..', 'shared', 'fixtures', 'real-models');
  if (!existsSync(source)) return undefined;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  cpSync(source, folder, { recursive: true });
  cpSync(join(root, 'test', 'vscode', 'fixtures', 'workspace', 'model-references'), join(folder, 'model-references'), { recursive: true });
  const downloads = join(folder, 'downloads');
  mkdirSync(downloads, { recursive: true });
  return { folder, realModels: folder, downloads };
}

/** The ARM id of the demo seed's ws-fraud-prod, for `amlInventory.references.workspace`. */
export function fraudProdWorkspaceId(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/ws-fraud-prod`;
}
