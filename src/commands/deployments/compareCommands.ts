/**
 * "Compare with deployed" and "Compare two versions": VS Code's diff editor on two read-only virtual documents,
 * once for the normalised metadata YAML and once for the file manifest (path, size, Content-MD5; no download).
 */
import { fileManifestText, versionMetadataYaml } from '../../core/deployments/compareText';
import { referenceLabel, targetLabel, type ModelVersionTarget } from '../../core/deployments/modelReference';
import type { DeployedWhere } from '../../core/deployments/deployedIndex';
import { formatScopeArmId } from '../../core/domain/ids';
import type { ModelScope, ModelVersion, Workspace } from '../../core/domain/model';
import { InventoryError } from '../../core/errors';
import type { Connection } from '../../host/connection';
import type { Prompter, PromptItem } from '../../host/prompter';
import { formatShortDate } from '../../shared/dateText';
import type { CommandServices } from '../CommandServices';
import { resolveVersion } from '../commandTargets';
import { pickModelVersion } from '../pickers';
import { userCancelled, type CommandContext } from '../runCommand';
import type { CompareDocuments } from './compareDocuments';
import type { DeploymentsHub } from './DeploymentsHub';
import { escapeIcons } from '../../core/printable';

export interface DeploymentCommandServices {
  readonly hub: DeploymentsHub;
  readonly documents: CompareDocuments;
  /** Who is making changes, for the history record. */
  who(): string;
}

function label(v: ModelVersion): string {
  return `${v.scope.kind === 'registry' ? `${v.scope.name}/` : ''}${v.modelName}:${v.version}`;
}

/** The catalog version a resolved reference names (registries found by name across the visible subscriptions). */
export async function versionOfTarget(connection: Connection, target: ModelVersionTarget, abortSignal?: AbortSignal): Promise<ModelVersion> {
  let scope: ModelScope;
  if (target.kind === 'workspace') {
    const w = target.workspace;
    scope = { kind: 'workspace', id: formatScopeArmId({ ...w, kind: 'workspace' }), name: w.name, subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, tags: {} } satisfies Workspace;
  } else if (target.registry) {
    const r = target.registry;
    scope = { kind: 'registry', id: formatScopeArmId({ ...r, kind: 'registry' }), name: r.name, subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup, tags: {} };
  } else {
    const subscriptions = await connection.catalog.listSubscriptions({ abortSignal });
    const registries = (await Promise.all(subscriptions.map((s) => connection.catalog.listRegistries(s.subscriptionId, { abortSignal }).catch(() => [])))).flat();
    const found = registries.find((r) => r.name.toLowerCase() === target.registryName.toLowerCase());
    if (!found) throw new InventoryError('notFound', `Registry '${target.registryName}' is not visible to you (it may be in another tenant, or you lack read access), so ${targetLabel(target)} cannot be compared.`);
    scope = found;
  }
  return connection.catalog.getVersion(scope, target.modelName, target.version, { abortSignal });
}

async function manifestText(deps: DeploymentCommandServices, v: ModelVersion, abortSignal: AbortSignal): Promise<string> {
  const adapters = deps.hub.current();
  if (!adapters) return fileManifestText(label(v), [], 'not signed in: files not listed');
  try {
    return fileManifestText(`${label(v)} · ${v.modelUri ?? 'no model URI'}`, await adapters.manifests.listArtifactFiles(v, { abortSignal }));
  } catch (error) {
    return fileManifestText(label(v), [], `files could not be listed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Opens the metadata diff and the manifest diff of `left` (e.g. deployed) against `right`. */
export async function openComparison(deps: DeploymentCommandServices, context: CommandContext, left: ModelVersion, right: ModelVersion, leftNote = ''): Promise<void> {
  const [leftFiles, rightFiles] = await context.withProgress(`Listing the files of ${label(left)} and ${label(right)}…`, (signal) =>
    Promise.all([manifestText(deps, left, signal), manifestText(deps, right, signal)]));
  const base = (v: ModelVersion) => `${v.modelName}-${v.version}`;
  await deps.documents.diff(`${label(left)}${leftNote} ↔ ${label(right)} (metadata)`,
    { name: `${base(left)}.yaml`, text: versionMetadataYaml(left) }, { name: `${base(right)}.yaml`, text: versionMetadataYaml(right) });
  await deps.documents.diff(`${label(left)}${leftNote} ↔ ${label(right)} (files)`,
    { name: `${base(left)}.files.txt`, text: leftFiles }, { name: `${base(right)}.files.txt`, text: rightFiles });
}

export async function compareWithDeployed(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, arg: unknown): Promise<void> {
  const connection = services.connections.current();
  const version = await resolveVersion(arg, connection, services.prompter);
  const index = await context.withProgress('Finding deployments…', () => deps.hub.load());
  if (!index) throw new InventoryError('service', 'Deployments could not be read; see the log.');
  const online = index.entries.filter((e) => e.reference.status === 'resolved' || e.kind === 'online');
  if (online.length === 0) throw new InventoryError('notFound', 'No deployments were found in the workspaces you can see.');
  const sameModel = (e: DeployedWhere) => e.reference.status === 'resolved' && e.reference.target.modelName === version.modelName;
  const ranked = [...online].sort((a, b) => Number(sameModel(b)) - Number(sameModel(a)) || (b.trafficPercent ?? 0) - (a.trafficPercent ?? 0));
  let chosen: DeployedWhere;
  if (ranked.length === 1) chosen = ranked[0]!;
  else {
    // Deployments of the same model come first, so the likely one is pre-selected (Enter takes it).
    const items: PromptItem<DeployedWhere>[] = ranked.map((entry) => ({
      label: escapeIcons(`${entry.endpointName}/${entry.deploymentName}`),
      description: `${referenceLabel(entry.reference)} · ${entry.kind === 'batch' ? 'batch' : `${entry.trafficPercent ?? 0} % traffic`}${sameModel(entry) ? ' · same model' : ''}`,
      detail: entry.workspace.name,
      value: entry,
    }));
    const picked = await services.prompter.pick(items, { placeHolder: `Compare ${label(version)} with the version deployed at…` });
    if (!picked) throw userCancelled();
    chosen = picked;
  }
  if (chosen.reference.status !== 'resolved') {
    throw new InventoryError('validation', `${chosen.endpointName}/${chosen.deploymentName} references '${chosen.reference.raw}', which names no model version: ${chosen.reference.reason}`);
  }
  const target = chosen.reference.target;
  const deployed = await context.withProgress(`Reading ${targetLabel(target)}…`, (signal) => versionOfTarget(connection, target, signal)).catch((error: unknown) => {
    if (error instanceof InventoryError && error.kind === 'notFound') {
      throw new InventoryError('notFound', `${chosen.endpointName}/${chosen.deploymentName} serves ${targetLabel(target)}, which no longer exists (deleted version).`);
    }
    throw error;
  });
  await openComparison(deps, context, deployed, version, ` [${chosen.endpointName}/${chosen.deploymentName}]`);
}

type OtherVersionChoice = ModelVersion | 'more' | 'elsewhere';

/**
 * The version to compare `first` with: the same model's other versions first (newest first, `first` itself left
 * out, paged like the tree), then "A version of another model…" which walks subscription → scope → model → version.
 */
async function pickOtherVersion(connection: Connection, prompter: Prompter, first: ModelVersion): Promise<ModelVersion> {
  const { pageSize, showArchived } = connection.settings;
  const loaded: ModelVersion[] = [];
  let token: string | undefined;
  let fetched = false;
  for (;;) {
    if (!fetched || token) {
      const page = await connection.catalog.listVersions(first.scope, first.modelName, {
        listViewType: showArchived ? 'All' : 'ActiveOnly', top: pageSize, orderBy: 'createdtime desc', ...(token ? { continuationToken: token } : {}),
      });
      fetched = true;
      loaded.push(...page.items.filter((v) => v.version !== first.version));
      token = page.continuationToken;
    }
    const items: PromptItem<OtherVersionChoice>[] = [
      ...loaded.map((v) => ({ label: escapeIcons(label(v)), description: [formatShortDate(v.createdAt), v.isArchived ? 'archived' : undefined].filter(Boolean).join(' · '), value: v as OtherVersionChoice })),
      ...(token ? [{ label: '$(ellipsis) Load more…', value: 'more' as const, alwaysShow: true }] : []),
      { label: '$(search) A version of another model…', value: 'elsewhere' as const, alwaysShow: true },
    ];
    const picked = await prompter.pick(items, { placeHolder: `Compare ${label(first)} with…`, matchOnDescription: true });
    if (picked === undefined) throw userCancelled();
    if (picked === 'elsewhere') return pickModelVersion(connection, prompter);
    if (picked !== 'more') return picked;
  }
}

/**
 * From a version (tree node, details panel): pick among that model's other versions. From the palette without a
 * version: walk subscription → scope → model → version for the first, then the same choice.
 */
export async function compareVersions(services: CommandServices, deps: DeploymentCommandServices, context: CommandContext, arg: unknown): Promise<void> {
  const connection = services.connections.current();
  const first = await resolveVersion(arg, connection, services.prompter);
  const second = await pickOtherVersion(connection, services.prompter, first);
  await openComparison(deps, context, second, first);
}
