/**
 * Curation commands: "Edit Tags…", "Edit Description…" (palette, tree, details panel), "Archive/Restore Version",
 * "Archive/Restore Model". Never optimistic: write → read back → then show, and only the affected tree nodes (the
 * version, or its model's list) and the open details panel are refreshed. A concurrent change is reported with
 * what changed; the user may apply non-overlapping edits on top or reload — nothing is overwritten silently.
 */
import * as vscode from 'vscode';
import { planArchive, type ArchivePlan } from '../../core/curation/archivePlan';
import {
  describeMetadataEdit, formatTagText, parseTagText, planMetadataEdit, validateDescription, validateTagRows,
  type EditBaseline, type TagRow, type VersionMetadata,
} from '../../core/curation/metadataEdit';
import { deployedWhere, type DeployedWhere } from '../../core/deployments/deployedIndex';
import type { ModelContainer, ModelScope, ModelVersion } from '../../core/domain/model';
import { InventoryError } from '../../core/errors';
import type { CurationPort, MetadataEditOutcome } from '../../core/ports/curation';
import { findNode } from '../../tree/nodeRegistry';
import { modelNodeId, versionNodeId } from '../../tree/nodeIds';
import { ModelNode } from '../../tree/nodes/ModelNode';
import { ModelVersionNode } from '../../tree/nodes/ModelVersionNode';
import { identityOf } from '../../webviews/modelVersion/versionView';
import type { CommandServices } from '../CommandServices';
import { resolveVersion } from '../commandTargets';
import type { DeploymentsHub } from '../deployments/DeploymentsHub';
import { pickScope, pickSubscription } from '../pickers';
import { userCancelled, type CommandContext } from '../runCommand';
import { escapeIcons } from '../../core/printable';

export interface CurationCommandServices {
  curation(): CurationPort | undefined;
  readonly hub?: DeploymentsHub;
  /** After a change this extension made (references cache, diagnostics). */
  changed?(scope: ModelScope, modelName: string): void;
}

/** What the details panel sends with "Save": the desired tags and description (host-validated again here). */
export interface MetadataEditArgs {
  readonly tags?: readonly TagRow[];
  readonly description?: string;
  /** What the panel showed when editing started; defaults to a fresh read. */
  readonly baseline?: EditBaseline;
}

/** What the command returns to the panel. */
export type MetadataEditResult =
  | { readonly status: 'saved' | 'unchanged' | 'readBackDiffers' | 'conflict'; readonly message: string }
  | { readonly status: 'invalid'; readonly problems: readonly string[] };

function port(cur: CurationCommandServices): CurationPort {
  const p = cur.curation();
  if (!p) throw new InventoryError('notSignedIn', 'Sign in to Azure to change models.');
  return p;
}

function label(v: Pick<ModelVersion, 'modelName' | 'version'>): string {
  return `${v.modelName}:${v.version}`;
}

export function baselineOf(v: ModelVersion): EditBaseline {
  return { tags: v.tags, description: v.description ?? '', ...(v.lastModifiedAt ? { lastModifiedAt: v.lastModifiedAt.toISOString() } : {}) };
}

function isEditArgs(value: unknown): value is MetadataEditArgs {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const rowsOk = v['tags'] === undefined || (Array.isArray(v['tags']) && v['tags'].length <= 1000
    && v['tags'].every((r) => typeof r === 'object' && r !== null && typeof (r as TagRow).key === 'string' && typeof (r as TagRow).value === 'string'));
  return rowsOk && (v['description'] === undefined || typeof v['description'] === 'string');
}

/** Shows the read-back state: the tree node (no re-list) and the open details panel. */
function show(services: CommandServices, cur: CurationCommandServices, version: ModelVersion): void {
  const node = findNode(versionNodeId(version.scope, version.modelName, version.version));
  if (node instanceof ModelVersionNode) {
    node.replace(version);
    services.view.provider.repaint(node);
  }
  void services.panels.find(identityOf(version))?.load(version);
  cur.changed?.(version.scope, version.modelName);
}

async function editMetadata(services: CommandServices, cur: CurationCommandServices, context: CommandContext, target: unknown, field: 'tags' | 'description', args?: unknown): Promise<MetadataEditResult> {
  const connection = services.connections.current();
  const given = await resolveVersion(target, connection, services.prompter);
  const fromPanel = isEditArgs(args) ? args : undefined;
  // The baseline is what the user sees: the panel's snapshot, or a fresh read for the palette's input box.
  const fresh = fromPanel?.baseline ? given : await context.withProgress(`Reading ${label(given)}…`, (signal) => connection.catalog.getVersion(given.scope, given.modelName, given.version, { abortSignal: signal }));
  const baseline = fromPanel?.baseline ?? baselineOf(fresh);
  let desired: VersionMetadata;
  if (fromPanel) {
    const rows = validateTagRows(fromPanel.tags ?? Object.entries(baseline.tags).map(([key, value]) => ({ key, value })));
    const description = fromPanel.description ?? baseline.description ?? '';
    const problems = [...rows.problems, ...[validateDescription(description)].filter((p): p is string => !!p)];
    if (problems.length) return { status: 'invalid', problems };
    desired = { tags: rows.tags, description };
  } else if (field === 'tags') {
    const text = await services.prompter.input({
      title: `Tags of ${label(fresh)}`,
      prompt: 'key=value pairs separated by ";" (remove a pair to delete the tag)',
      value: formatTagText(baseline.tags),
      validate: (value) => validateTagRows(parseTagText(value)).problems[0],
    });
    if (text === undefined) throw userCancelled();
    desired = { tags: validateTagRows(parseTagText(text)).tags, description: baseline.description ?? '' };
  } else {
    const text = await services.prompter.input({
      title: `Description of ${label(fresh)}`, prompt: 'Empty removes the description', value: baseline.description ?? '',
      validate: (value) => validateDescription(value),
    });
    if (text === undefined) throw userCancelled();
    desired = { tags: baseline.tags, description: text };
  }
  const plan = planMetadataEdit(baseline, desired);
  if (plan.isEmpty) {
    if (!fromPanel) services.prompter.notify(`No changes to ${label(fresh)}.`);
    return { status: 'unchanged', message: 'No changes.' };
  }
  const removes = plan.tagChanges.some((c) => c.kind === 'removed') || plan.description?.after === '';
  if (removes) {
    const ok = await services.prompter.confirm(`Change the metadata of ${label(fresh)}?`, { modal: true, severity: 'warning', detail: describeMetadataEdit(plan).join('\n') }, 'Save');
    if (ok !== 'Save') throw userCancelled();
  }
  let outcome: MetadataEditOutcome = await run(cur, context, fresh, { baseline, desired });
  if (outcome.status === 'conflict') {
    const theirs = outcome.changedFields.join(', ');
    const canRebase = outcome.overlapping.length === 0;
    const message = `${label(fresh)} was changed by ${outcome.current.lastModifiedBy ?? 'someone else'} since you started editing (${theirs}). Nothing was saved.`;
    const choice = await services.prompter.confirm(message, {
      modal: true, severity: 'warning',
      detail: canRebase ? `Your changes touch other fields:\n${describeMetadataEdit(plan).join('\n')}` : `Both changed ${outcome.overlapping.join(', ')}; reload and edit again.`,
    }, ...(canRebase ? ['Apply My Changes on Top' as const] : []), 'Reload' as const);
    if (choice === 'Apply My Changes on Top') {
      outcome = await run(cur, context, fresh, { baseline, desired, rebase: true });
    } else {
      show(services, cur, outcome.current);
      return { status: 'conflict', message };
    }
  }
  switch (outcome.status) {
    case 'saved':
      show(services, cur, outcome.version);
      vscode.window.setStatusBarMessage(`$(check) Saved ${label(outcome.version)} (read back)`, 4000);
      return { status: 'saved', message: `Saved and read back: ${describeMetadataEdit(outcome.plan).join('; ')}` };
    case 'unchanged':
      show(services, cur, outcome.version);
      return { status: 'unchanged', message: 'Already as requested; nothing was written.' };
    case 'readBackDiffers': {
      show(services, cur, outcome.version);
      const message = `Saved ${label(outcome.version)}, but reading it back shows a different ${outcome.differences.join(', ')}: someone else changed it right after. Showing what is there now.`;
      services.prompter.notify(message, 'warning');
      return { status: 'readBackDiffers', message };
    }
    case 'conflict': {
      show(services, cur, outcome.current);
      const message = `${label(fresh)} changed again while saving (${outcome.changedFields.join(', ')}). Nothing was saved.`;
      services.prompter.notify(message, 'warning');
      return { status: 'conflict', message };
    }
  }
}

function run(cur: CurationCommandServices, context: CommandContext, v: ModelVersion, request: Parameters<CurationPort['editVersionMetadata']>[3]): Promise<MetadataEditOutcome> {
  return context.withProgress(`Saving ${label(v)}…`, (signal) => port(cur).editVersionMetadata(v.scope, v.modelName, v.version, request, { abortSignal: signal }));
}

export function editTags(services: CommandServices, cur: CurationCommandServices, context: CommandContext, target: unknown, args?: unknown): Promise<MetadataEditResult> {
  return editMetadata(services, cur, context, target, 'tags', args);
}

export function editDescription(services: CommandServices, cur: CurationCommandServices, context: CommandContext, target: unknown, args?: unknown): Promise<MetadataEditResult> {
  return editMetadata(services, cur, context, target, 'description', args);
}

async function deployedRows(cur: CurationCommandServices, context: CommandContext, match: (entry: DeployedWhere) => boolean): Promise<readonly DeployedWhere[]> {
  if (!cur.hub) return [];
  const index = await context.withProgress('Checking deployments…', () => cur.hub!.load());
  return index ? index.entries.filter(match) : [];
}

/** Confirms a plan with modals; returns false when there is nothing to do. */
async function confirm(services: CommandServices, plan: ArchivePlan): Promise<boolean> {
  const { prompter } = services;
  if (plan.blocked) {
    await prompter.confirm(plan.blocked, { modal: true, severity: 'warning' });
    return false;
  }
  if (plan.noop) {
    prompter.notify(plan.noop);
    return false;
  }
  if (plan.warning && (await prompter.confirm(plan.warning, { modal: true, severity: 'warning' }, 'Archive Anyway')) !== 'Archive Anyway') throw userCancelled();
  const verb = plan.action === 'archive' ? 'Archive' : 'Restore';
  if ((await prompter.confirm(plan.confirmation, { modal: true, severity: plan.isDestructive ? 'warning' : 'info', detail: plan.detail }, verb)) !== verb) throw userCancelled();
  return true;
}

export async function setVersionArchived(services: CommandServices, cur: CurationCommandServices, context: CommandContext, target: unknown, archive: boolean): Promise<ModelVersion | undefined> {
  const connection = services.connections.current();
  const given = await resolveVersion(target, connection, services.prompter);
  const [version, container] = await context.withProgress(`Reading ${label(given)}…`, (signal) => Promise.all([
    connection.catalog.getVersion(given.scope, given.modelName, given.version, { abortSignal: signal }),
    connection.catalog.getModel(given.scope, given.modelName, { abortSignal: signal }),
  ]));
  const deployed = archive && cur.hub ? await context.withProgress('Checking deployments…', () => cur.hub!.load()).then((index) => (index ? deployedWhere(index, version) : [])) : [];
  const plan = planArchive({
    action: archive ? 'archive' : 'restore',
    target: { kind: 'version', modelName: version.modelName, version: version.version, scopeName: version.scope.name, scopeKind: version.scope.kind },
    versionArchived: version.isArchived, containerArchived: container.isArchived, deployedWhere: deployed,
  });
  if (!(await confirm(services, plan))) return undefined;
  const after = await context.withProgress(`${archive ? 'Archiving' : 'Restoring'} ${label(version)}…`, (signal) => port(cur).setVersionArchived(version.scope, version.modelName, version.version, archive, { abortSignal: signal }));
  // Hidden now (archived while archived ones are hidden): the model's list changes; otherwise the node itself.
  const node = findNode(versionNodeId(after.scope, after.modelName, after.version));
  const modelNode = node?.parent ?? findNode(modelNodeId(after.scope, after.modelName));
  if (node instanceof ModelVersionNode && (connection.settings.showArchived || !archive)) {
    node.replace(after);
    services.view.provider.repaint(node);
  } else if (modelNode) services.view.provider.refresh(modelNode);
  void services.panels.find(identityOf(after))?.load(after);
  cur.changed?.(after.scope, after.modelName);
  vscode.window.setStatusBarMessage(`$(check) ${archive ? 'Archived' : 'Restored'} ${label(after)} (read back)`, 4000);
  return after;
}

async function resolveModel(services: CommandServices, target: unknown, restoring: boolean): Promise<{ scope: ModelScope; name: string }> {
  if (target instanceof ModelNode) return { scope: target.scope, name: target.model.name };
  if (target instanceof ModelVersionNode) return { scope: target.version.scope, name: target.version.modelName };
  const connection = services.connections.current();
  const scope = await pickScope(connection, await pickSubscription(connection, services.prompter), services.prompter);
  const listViewType = restoring ? 'ArchivedOnly' : 'ActiveOnly';
  const page = await connection.catalog.listModels(scope, { listViewType });
  if (page.items.length === 0) throw new InventoryError('notFound', `${scope.name} has no ${restoring ? 'archived' : 'active'} models.`);
  const picked = await services.prompter.pick(page.items.map((m) => ({ label: escapeIcons(m.name), ...(m.latestVersion ? { description: `latest ${m.latestVersion}` } : {}), value: m.name })), { placeHolder: `Model to ${restoring ? 'restore' : 'archive'}` });
  if (picked === undefined) throw userCancelled();
  return { scope, name: picked };
}

export async function setModelArchived(services: CommandServices, cur: CurationCommandServices, context: CommandContext, target: unknown, archive: boolean): Promise<ModelContainer | undefined> {
  const connection = services.connections.current();
  const { scope, name } = await resolveModel(services, target, !archive);
  const container = await context.withProgress(`Reading model ${name}…`, (signal) => connection.catalog.getModel(scope, name, { abortSignal: signal }));
  const deployed = archive ? await deployedRows(cur, context, (e) => e.reference.status === 'resolved' && e.reference.target.modelName === name
    && (e.reference.target.kind === 'registry' ? scope.kind === 'registry' && e.reference.target.registryName.toLowerCase() === scope.name.toLowerCase()
      : scope.kind === 'workspace' && e.reference.target.workspace.name.toLowerCase() === scope.name.toLowerCase())) : [];
  const plan = planArchive({ action: archive ? 'archive' : 'restore', target: { kind: 'model', modelName: name, scopeName: scope.name, scopeKind: scope.kind }, containerArchived: container.isArchived, deployedWhere: deployed });
  if (!(await confirm(services, plan))) return undefined;
  const after = await context.withProgress(`${archive ? 'Archiving' : 'Restoring'} model ${name}…`, (signal) => port(cur).setModelArchived(scope, name, archive, { abortSignal: signal }));
  const modelNode = target instanceof ModelNode ? target : findNode(modelNodeId(scope, name));
  const scopeNode = modelNode?.parent;
  if (scopeNode) services.view.provider.refresh(scopeNode);
  cur.changed?.(scope, name);
  vscode.window.setStatusBarMessage(`$(check) ${archive ? 'Archived' : 'Restored'} model ${name} (read back)`, 4000);
  return after;
}
