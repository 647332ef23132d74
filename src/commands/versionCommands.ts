/** Commands on one model version: details panel, asset ids, studio links. */
import * as vscode from 'vscode';
import { assetIdOptions } from '../core/domain/assetIdSpellings';
import { studioJobUrl, studioModelVersionUrl } from '../core/domain/studioLinks';
import { InventoryError } from '../core/errors';
import type { ModelVersion } from '../core/domain/model';
import type { CloudEndpoints } from '../core/domain/cloud';
import type { CommandServices } from './CommandServices';
import { resolveVersion } from './commandTargets';
import { userCancelled } from './runCommand';

export async function openVersionDetails(services: CommandServices, target: unknown): Promise<void> {
  const version = await resolveVersion(target, services.connections.current(), services.prompter);
  services.panels.show(version);
}

/** Returns the copied text. `spelling` (e.g. from the details panel) skips the picker. */
export async function copyAssetId(services: CommandServices, target: unknown, spelling?: unknown): Promise<string> {
  const version = await resolveVersion(target, services.connections.current(), services.prompter);
  const options = assetIdOptions(version);
  const chosen = typeof spelling === 'string'
    ? options.find((o) => o.spelling === spelling)
    : options.length === 1 ? options[0] : await services.prompter.pick(
      options.map((o) => ({ label: o.label, detail: o.value, value: o })),
      { placeHolder: `Copy which asset ID of ${version.modelName}:${version.version}?` },
    );
  if (!chosen) {
    if (typeof spelling === 'string') throw new InventoryError('validation', `"${spelling}" is not an asset ID spelling of this version.`);
    throw userCancelled();
  }
  await vscode.env.clipboard.writeText(chosen.value);
  vscode.window.setStatusBarMessage(`$(check) Copied ${chosen.label}`, 3000);
  return chosen.value;
}

function cloudOf(services: CommandServices): CloudEndpoints {
  const { cloud } = services.connections.current();
  if (!cloud) throw new InventoryError('validation', 'The cloud settings are invalid, so there is no studio to open.', { code: 'InvalidCloudSetting' });
  return cloud;
}

function tenantFor(services: CommandServices, version: ModelVersion): string | undefined {
  return services.connections.current().settings.tenantId ?? services.view.provider.tenantOf(version.scope.subscriptionId);
}

/** Returns the URL opened. */
export async function openInStudio(services: CommandServices, target: unknown): Promise<string> {
  const version = await resolveVersion(target, services.connections.current(), services.prompter);
  const url = studioModelVersionUrl(cloudOf(services), version.scope, version.modelName, version.version, tenantFor(services, version));
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}

export async function openJobInStudio(services: CommandServices, target: unknown): Promise<string> {
  const version = await resolveVersion(target, services.connections.current(), services.prompter);
  if (version.scope.kind !== 'workspace' || !version.jobName) {
    throw new InventoryError('validation', `${version.modelName}:${version.version} does not name a source job.`);
  }
  const url = studioJobUrl(cloudOf(services), version.scope, version.jobName, tenantFor(services, version));
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}
