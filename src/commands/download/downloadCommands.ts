/**
 * "Download…" for a model version. Entry points: the version node's context menu, the details panel's button (it
 * runs this command with its version), and the palette — pick workspace/registry → model → version, or paste an
 * asset id in any spelling (`azureml:name:version`, `azureml:name@latest`, ARM id, `azureml://registries/…`,
 * `azureml://locations/…`). Arguments for scripted use: `(target, destination?, { ifExists? })`, where target is a
 * tree node, a ModelVersion, a version identity or an asset id string.
 *
 * Flow: resolve the version → destination folder (argument, else a folder picker starting at
 * `amlInventory.download.defaultFolder`) → the adapter plans and downloads into a temporary sibling folder, asking
 * here when `<dest>/<model>/<version>` exists → cancellable progress (files, MB/s, ETA) → "Reveal" / "Open Folder".
 * The Azure side comes in through `DownloadAdapters` (wired by the composition root).
 */
import * as vscode from 'vscode';
import { formatScopeArmId, parseAssetRef, parseScopeArmId, type AssetRef } from '../../core/domain/ids';
import type { ModelScope, ModelVersion } from '../../core/domain/model';
import type { ExistingFolderChoice } from '../../core/download/plan';
import { InventoryError } from '../../core/errors';
import { formatBytes, progressThrottle, type TransferProgress } from '../../core/transfer/progress';
import type { Connection } from '../../host/connection';
import { readDownloadDefaultFolder, readReferencesWorkspace } from '../../host/settings';
import type { CommandServices } from '../CommandServices';
import { resolveVersion } from '../commandTargets';
import { pickModelVersion, pickScope, pickSubscription, pickVersion } from '../pickers';
import type { CommandContext } from '../runCommand';
import { userCancelled } from '../runCommand';

export interface DownloadProgressEvent extends TransferProgress {
  readonly phase: string;
}

export interface DownloadResult {
  readonly path: string;
  readonly fileCount: number;
  readonly totalBytes: number;
  readonly downloadedFiles: number;
  readonly keptFiles: number;
  /** Local files not in Azure that replacing the existing folder removed. */
  readonly removedFiles?: number;
  readonly verifiedFiles: number;
  readonly durationMs: number;
  readonly replacedExisting: boolean;
  readonly plan: { readonly warnings: readonly string[] };
}

/** The Azure side of downloading, as the composition root provides it for the current connection. */
export interface DownloadAdapters {
  download(version: ModelVersion, destination: string, options: {
    signal: AbortSignal;
    onProgress(p: DownloadProgressEvent): void;
    onLog(line: string): void;
    onExisting(existing: { path: string; plan: { files: readonly unknown[]; totalBytes: number } }): Promise<ExistingFolderChoice>;
  }): Promise<DownloadResult>;
}

export interface DownloadCommandServices {
  adapters(): DownloadAdapters | undefined;
}

export interface DownloadCommandOptions {
  /** Answer for an existing destination without asking (scripts, tests). */
  readonly ifExists?: ExistingFolderChoice;
}

const choices: Readonly<Record<Exclude<ExistingFolderChoice, 'cancel'>, string>> = {
  overwrite: 'Overwrite',
  skipIdentical: 'Skip Identical Files',
};

function scopeFromRef(scope: { kind: 'workspace' | 'registry'; subscriptionId: string; resourceGroup: string; name: string }): ModelScope {
  return { kind: scope.kind, id: formatScopeArmId(scope), name: scope.name, subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, tags: {} } as ModelScope;
}

async function latestVersion(connection: Connection, scope: ModelScope, modelName: string): Promise<ModelVersion> {
  const page = await connection.catalog.listVersions(scope, modelName, { listViewType: 'ActiveOnly', top: 1, orderBy: 'createdtime desc' });
  const latest = page.items[0];
  if (!latest) throw new InventoryError('notFound', `Model '${modelName}' has no active versions in ${scope.kind} '${scope.name}'.`);
  return latest;
}

/** The workspace/registry a short spelling (`azureml:name:version`) is relative to: the references default, else picked. */
async function defaultScope(services: CommandServices, connection: Connection): Promise<ModelScope> {
  const configured = readReferencesWorkspace(undefined);
  const scope = configured ? parseScopeArmId(configured) : undefined;
  if (scope) return scopeFromRef(scope);
  return pickScope(connection, await pickSubscription(connection, services.prompter), services.prompter);
}

async function findRegistry(connection: Connection, name: string): Promise<ModelScope> {
  for (const subscription of await connection.catalog.listSubscriptions()) {
    const found = (await connection.catalog.listRegistries(subscription.subscriptionId)).find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  throw new InventoryError('notFound', `No registry named '${name}' is visible to this sign-in.`);
}

async function findWorkspaceByGuid(connection: Connection, guid: string): Promise<ModelScope> {
  for (const subscription of await connection.catalog.listSubscriptions()) {
    const found = (await connection.catalog.listWorkspaces(subscription.subscriptionId)).find((w) => w.workspaceGuid?.toLowerCase() === guid.toLowerCase());
    if (found) return found;
  }
  throw new InventoryError('notFound', `No workspace with id ${guid} is visible to this sign-in.`);
}

/** Any asset-id spelling → the version it names (looked up, so a typo fails here and not mid-download). */
export async function versionFromAssetId(services: CommandServices, text: string): Promise<ModelVersion> {
  const connection = services.connections.current();
  const ref: AssetRef | undefined = parseAssetRef(text);
  const notAVersion = (why: string): InventoryError => new InventoryError('validation', `"${text.trim()}" ${why}`);
  switch (ref?.kind) {
    case 'arm': {
      if (ref.collection.toLowerCase() !== 'models') throw notAVersion(`names ${ref.collection}, not a model.`);
      const scope = scopeFromRef(ref.scope);
      if (ref.version === undefined) return pickVersion(connection, scope, ref.name, services.prompter);
      return connection.catalog.getVersion(scope, ref.name, ref.version);
    }
    case 'registryAsset':
      if (ref.collection.toLowerCase() !== 'models') throw notAVersion(`names ${ref.collection}, not a model.`);
      return connection.catalog.getVersion(await findRegistry(connection, ref.registryName), ref.name, ref.version);
    case 'locationAsset':
      return connection.catalog.getVersion(await findWorkspaceByGuid(connection, ref.workspaceGuid), ref.name, ref.version);
    case 'nameVersion':
      return connection.catalog.getVersion(await defaultScope(services, connection), ref.name, ref.version);
    case 'nameLabel':
      if (ref.label.toLowerCase() !== 'latest') throw notAVersion(`uses the label '${ref.label}'; only @latest can be resolved.`);
      return latestVersion(connection, await defaultScope(services, connection), ref.name);
    case 'datastorePath':
    case 'jobOutput':
    case 'runOutput':
    case 'mlflowRun':
      throw notAVersion('is a storage path, not a model version. Give the version\'s asset ID instead.');
    default:
      throw notAVersion('is not an asset ID. Use azureml:<name>:<version>, azureml:<name>@latest, an ARM id or azureml://registries/<registry>/models/<name>/versions/<version>.');
  }
}

async function resolveTarget(services: CommandServices, arg: unknown): Promise<ModelVersion> {
  const connection = services.connections.current();
  if (typeof arg === 'string') return versionFromAssetId(services, arg);
  if (arg !== undefined && arg !== null) return resolveVersion(arg, connection, services.prompter);
  const how = await services.prompter.pick<'pick' | 'paste'>([
    { label: '$(list-tree) Pick a workspace or registry, model and version', value: 'pick' },
    { label: '$(clippy) Paste an asset ID…', description: 'azureml:name:version, name@latest, ARM id, azureml://registries/…', value: 'paste' },
  ], { placeHolder: 'Which model version do you want to download?' });
  if (how === undefined) throw userCancelled();
  if (how === 'pick') return pickModelVersion(connection, services.prompter);
  const text = await services.prompter.input({
    prompt: 'Asset ID of the model version',
    placeHolder: 'azureml:my-model:3',
    validate: (value) => (parseAssetRef(value) ? undefined : 'Not an asset ID spelling Azure ML uses.'),
  });
  if (text === undefined) throw userCancelled();
  return versionFromAssetId(services, text);
}

async function resolveDestination(services: CommandServices, arg: unknown, version: ModelVersion): Promise<string> {
  if (typeof arg === 'string' && arg.trim()) return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const configured = readDownloadDefaultFolder();
  const picked = await services.prompter.pickFolder({
    title: `Download ${version.modelName}:${version.version} into… (it goes to <folder>/${version.modelName}/${version.version})`,
    openLabel: 'Download Here',
    ...(configured ? { defaultPath: configured } : {}),
  });
  if (!picked) throw userCancelled();
  return picked;
}

export async function downloadVersion(
  services: CommandServices, download: DownloadCommandServices, context: CommandContext, target: unknown, destinationArg?: unknown, optionsArg?: unknown,
): Promise<DownloadResult> {
  const adapters = download.adapters();
  if (!adapters) throw new InventoryError('notSignedIn', 'Sign in to Azure before downloading a model.');
  const options = (typeof optionsArg === 'object' && optionsArg !== null ? optionsArg : {}) as DownloadCommandOptions;
  const version = await context.withProgress('Finding the model version…', () => resolveTarget(services, target));
  const destination = await resolveDestination(services, destinationArg, version);
  const what = `${version.modelName}:${version.version}`;
  services.logger.info(`Downloading ${what} from ${version.scope.kind} '${version.scope.name}' into ${destination}`);

  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${what}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    const throttle = progressThrottle();
    try {
      return await adapters.download(version, destination, {
        signal: controller.signal,
        onLog: (line) => services.logger.info(line),
        onProgress: (p) => {
          if (p.phase === 'downloading') {
            const shown = throttle(p);
            if (shown) progress.report(shown);
          } else if (p.phase === 'resolving' || p.phase === 'listing') {
            progress.report({ message: 'Finding the files…' });
          } else if (p.phase === 'checking') {
            progress.report({ message: 'Comparing with the existing folder…' });
          } else if (p.phase === 'finishing') {
            progress.report({ message: 'Verified; moving into place…' });
          }
        },
        onExisting: async (existing) => {
          if (options.ifExists) return options.ifExists;
          const answer = await services.prompter.confirm(
            `${existing.path} already exists.`,
            { modal: true, severity: 'warning', detail: `Download ${what} (${existing.plan.files.length} files, ${formatBytes(existing.plan.totalBytes)}) over it? "Skip Identical Files" keeps files whose size and MD5 match, fetches the rest and removes local files that are not in Azure; either way the folder is replaced only once everything is downloaded and verified, and ends up exactly as in Azure.` },
            choices.overwrite, choices.skipIdentical,
          );
          return answer === choices.overwrite ? 'overwrite' : answer === choices.skipIdentical ? 'skipIdentical' : 'cancel';
        },
      });
    } finally {
      sub.dispose();
    }
  });

  services.logger.info(`Download of ${what} finished: ${result.fileCount} files, ${result.totalBytes} bytes (${result.downloadedFiles} downloaded, ${result.keptFiles} kept, ${result.removedFiles ?? 0} local removed), ${result.verifiedFiles} MD5-verified, ${result.durationMs} ms → ${result.path}`);
  for (const warning of result.plan.warnings) services.logger.warn(warning);
  void offerActions(services, what, result);
  return result;
}

/** " (4 identical kept, 1 fetched, 1 local file removed)", or "" for a plain download. */
export function outcomeCounts(result: Pick<DownloadResult, 'keptFiles' | 'downloadedFiles' | 'removedFiles'>): string {
  const parts: string[] = [];
  if (result.keptFiles) parts.push(`${result.keptFiles} identical kept`, `${result.downloadedFiles} fetched`);
  const removed = result.removedFiles ?? 0;
  if (removed) parts.push(`${removed} local file${removed === 1 ? '' : 's'} removed`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

async function offerActions(services: CommandServices, what: string, result: DownloadResult): Promise<void> {
  const reveal = 'Reveal in File Explorer';
  const open = 'Open Folder';
  const warning = result.plan.warnings.length ? ` Note: ${result.plan.warnings.join(' ')}` : '';
  const answer = await services.prompter.confirm(
    `Downloaded ${what}: ${result.fileCount} file${result.fileCount === 1 ? '' : 's'}, ${formatBytes(result.totalBytes)}${outcomeCounts(result)} to ${result.path}.${warning}`,
    { severity: result.plan.warnings.length ? 'warning' : 'info' },
    reveal, open,
  );
  const uri = vscode.Uri.file(result.path);
  if (answer === reveal) await vscode.commands.executeCommand('revealFileInOS', uri);
  else if (answer === open) await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
}
