/**
 * Typed access to the `amlInventory.*` settings declared in package.json. Every read in the extension goes
 * through here (the manifest test checks that each key is declared).
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { Setting, settingsSection } from '../constants';

export type AuthMethod = 'vscode' | 'azureCli' | 'servicePrincipal' | 'environment' | 'managedIdentity';
const authMethods: readonly AuthMethod[] = ['vscode', 'azureCli', 'servicePrincipal', 'environment', 'managedIdentity'];

export const pageSizeLimits = { min: 1, max: 1000, default: 50 } as const;

export interface InventorySettings {
  readonly authMethod: AuthMethod;
  readonly tenantId?: string;
  readonly clientId?: string;
  /** Raw values: validated by `resolveCloud`, which names the bad field. */
  readonly cloud: unknown;
  readonly customCloud: unknown;
  readonly subscriptions: readonly string[];
  readonly pageSize: number;
  readonly showArchived: boolean;
  /** Tag key shown as the approval badge; '' turns the badge off. */
  readonly approvalTagKey: string;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function readSettings(): InventorySettings {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const method = config.get<string>(Setting.authMethod);
  const pageSize = Math.trunc(Number(config.get(Setting.pageSize)));
  const subscriptions = config.get<unknown>(Setting.subscriptions);
  return {
    authMethod: authMethods.includes(method as AuthMethod) ? (method as AuthMethod) : 'vscode',
    tenantId: optionalString(config.get(Setting.authTenant)),
    clientId: optionalString(config.get(Setting.authClientId)),
    cloud: config.get(Setting.cloud),
    customCloud: config.get(Setting.customCloud),
    subscriptions: Array.isArray(subscriptions) ? subscriptions.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [],
    pageSize: Number.isFinite(pageSize) ? Math.min(pageSizeLimits.max, Math.max(pageSizeLimits.min, pageSize)) : pageSizeLimits.default,
    showArchived: config.get<boolean>(Setting.showArchived) === true,
    approvalTagKey: typeof config.get(Setting.approvalTagKey) === 'string' ? String(config.get(Setting.approvalTagKey)).trim() : 'approval',
  };
}

/** `amlInventory.download.defaultFolder` with `~` expanded, or undefined when unset. */
export function readDownloadDefaultFolder(): string | undefined {
  const value = optionalString(vscode.workspace.getConfiguration(settingsSection).get(Setting.downloadDefaultFolder));
  return value?.replace(/^~(?=$|[\\/])/, homedir());
}

/** `amlInventory.references.workspace` for a folder (resource scope): the ARM id of a workspace, or undefined. */
export function readReferencesWorkspace(folder: vscode.Uri | undefined): string | undefined {
  return optionalString(vscode.workspace.getConfiguration(settingsSection, folder).get(Setting.referencesWorkspace));
}

/** Writes `amlInventory.references.workspace` for one folder (or the workspace when there is no folder). */
export async function updateReferencesWorkspace(folder: vscode.WorkspaceFolder | undefined, armId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(settingsSection, folder?.uri);
  const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.workspace.workspaceFile ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(Setting.referencesWorkspace, armId, target);
}

/** Full setting name, e.g. `amlInventory.customCloud`, for messages and `workbench.action.openSettings`. */
export function settingName(key: Setting): string {
  return `${settingsSection}.${key}`;
}

/**
 * Writes a setting where the user will find it: the workspace folder value if one is set there, else the user
 * settings (the effective value would otherwise not change).
 */
export async function updateSetting(key: Setting, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const inspected = config.inspect(key);
  const target = inspected?.workspaceFolderValue !== undefined
    ? vscode.ConfigurationTarget.WorkspaceFolder
    : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

/** Fires `listener` when any of `keys` changes. */
export function onDidChangeSettings(keys: readonly Setting[], listener: (changed: readonly Setting[]) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const changed = keys.filter((key) => event.affectsConfiguration(settingName(key)));
    if (changed.length > 0) listener(changed);
  });
}
