/**
 * "Register model…", "Register from YAML spec" and "Export as YAML spec". Flow: resolve the source (explorer
 * folder/file, spec, or a folder picker) and the target (tree node or pickers) → plan (pure core, after the service
 * was asked for the next version) → modal confirm showing the whole plan → cancellable progress (files, MB/s, ETA)
 * → refresh + open the new version's details. The Azure side comes in through `RegisterAdapters` (wired by the
 * composition root), so this layer never imports src/azure.
 */
import * as vscode from 'vscode';
import type { ModelScope, ModelVersion } from '../../core/domain/model';
import { InventoryError } from '../../core/errors';
import type { FileTreeReader } from '../../core/register/fileTree';
import type { Prompter } from '../../host/prompter';
import { catalogModelLookup } from '../../core/register/modelLookup';
import { knownModelTypes } from '../../core/register/modelType';
import { validateRegisterName } from '../../core/register/validation';
import { prepareRegisterPlan, summarizePlan, type RegisterPlan, type RegisterRequest, type RegisterSource } from '../../core/register/plan';
import { exportModelSpec, isOutsideSpecFolder, ModelSpecError, parseModelSpec } from '../../core/register/yamlSpec';
import { progressThrottle } from '../../core/transfer/progress';
import { ModelNode } from '../../tree/nodes/ModelNode';
import { ScopeNode } from '../../tree/nodes/ScopeNode';
import type { CommandServices } from '../CommandServices';
import { resolveVersion } from '../commandTargets';
import { pickScope, pickSubscription } from '../pickers';
import type { CommandContext } from '../runCommand';
import { userCancelled } from '../runCommand';
import { printable } from '../../core/printable';
import { findNode } from '../../tree/nodeRegistry';
import { modelNodeId, scopeNodeId } from '../../tree/nodeIds';

export interface RegisterProgressEvent {
  readonly phase: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
}

/** The Azure side of registering, as the composition root provides it for the current connection. */
export interface RegisterAdapters {
  openLocal(path: string): Promise<{ reader: FileTreeReader; source: RegisterSource; localPathOf(relPath: string): string }>;
  register(plan: RegisterPlan, localPathOf: (relPath: string) => string, options: {
    signal: AbortSignal; onProgress(p: RegisterProgressEvent): void; onLog(line: string): void;
  }): Promise<{ version: ModelVersion; modelUri: string; uploadSkipped: boolean }>;
}

export interface RegisterCommandServices {
  adapters(): RegisterAdapters | undefined;
}

export const untrustedWorkspaceMessage = 'Registering local files needs a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.';

/** Registering uploads local files: the handler itself refuses in Restricted Mode, not only the menu enablement. */
function requireTrustedWorkspace(): void {
  if (!vscode.workspace.isTrusted) throw new InventoryError('validation', untrustedWorkspaceMessage);
}

function adaptersOf(register: RegisterCommandServices): RegisterAdapters {
  const adapters = register.adapters();
  if (!adapters) throw new InventoryError('notSignedIn', 'Sign in to Azure before registering a model.');
  return adapters;
}

async function pickLocalPath(prompter: Prompter): Promise<string> {
  const picked = await prompter.pickFolder({ title: 'Model folder or file to register', openLabel: 'Register', allowFiles: true });
  if (!picked) throw userCancelled();
  return picked;
}

async function resolveTarget(services: CommandServices, arg: unknown): Promise<{ scope: ModelScope; modelName?: string }> {
  if (arg instanceof ModelNode) return { scope: arg.scope, modelName: arg.model.name };
  if (arg instanceof ScopeNode) return { scope: arg.scope };
  const connection = services.connections.current();
  return { scope: await pickScope(connection, await pickSubscription(connection, services.prompter), services.prompter) };
}

async function ask(prompter: Prompter, prompt: string, value: string | undefined, validate?: (v: string) => string | undefined): Promise<string> {
  const answer = await prompter.input({ prompt, ...(value !== undefined ? { value } : {}), ...(validate ? { validate } : {}) });
  if (answer === undefined) throw userCancelled();
  return answer;
}

function progressReporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (p: RegisterProgressEvent) => void {
  const throttle = progressThrottle();
  return (p) => {
    if (p.phase === 'uploading') {
      const shown = throttle(p);
      if (shown) progress.report(shown);
      return;
    }
    progress.report({ message: p.phase === 'creating' ? 'Creating the version…' : p.phase === 'checking' ? 'Checking earlier uploads…' : p.phase === 'connecting' ? 'Connecting to storage…' : 'Done' });
  };
}

async function planAndRun(services: CommandServices, register: RegisterCommandServices, context: CommandContext, localPath: string, scope: ModelScope, options: Partial<RegisterRequest> & { interactive: boolean; sourceNote?: string }): Promise<ModelVersion> {
  const { sourceNote, ...defaults } = options;
  const adapters = adaptersOf(register);
  const connection = services.connections.current();
  const { reader, source, localPathOf } = await adapters.openLocal(localPath);
  let request: RegisterRequest = { scope, source, name: defaults.name ?? '', ...defaults };
  if (defaults.interactive) {
    const { prompter } = services;
    const name = await ask(prompter, `Model name in ${scope.kind} '${scope.name}'`, defaults.name ?? source.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, ''), (v) => validateRegisterName(v, scope.kind));
    const typeChoice = await prompter.pick(['Detect automatically', ...knownModelTypes].map((t) => ({ label: t, value: t })), { placeHolder: 'Model type' });
    if (!typeChoice) throw userCancelled();
    const version = await ask(prompter, 'Version (leave empty for the next free version)', '');
    const description = await ask(prompter, 'Description (optional)', '');
    const tags = await ask(prompter, 'Tags as key=value; separated by ";" (optional)', '');
    request = { ...request, name, ...(typeChoice === 'Detect automatically' ? {} : { modelType: typeChoice }), ...(version ? { version } : {}), ...(description ? { description } : {}), ...(tags ? { tags: tags.split(';') } : {}) };
  }
  const result = await context.withProgress(`Preparing to register ${source.name}…`, (signal) =>
    prepareRegisterPlan(reader, request, catalogModelLookup(connection.catalog, scope, request.name, signal), { signal }));
  if (!result.ok) {
    throw new InventoryError('validation', `Cannot register ${source.name}: ${result.problems.join(' ')}`);
  }
  const plan = result.plan;
  const choice = await services.prompter.confirm(`Register ${plan.name}:${plan.version}?`, { modal: true, detail: sourceNote ? `${sourceNote}\n\n${summarizePlan(plan)}` : summarizePlan(plan) }, 'Register');
  if (choice !== 'Register') throw userCancelled();
  services.logger.info(`Registering ${plan.name}:${plan.version} from ${plan.source.displayPath} to ${scope.kind} ${scope.name}`);
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Registering ${plan.name}:${plan.version}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      return await adapters.register(plan, localPathOf, { signal: controller.signal, onProgress: progressReporter(progress), onLog: (line) => services.logger.info(line) });
    } finally {
      sub.dispose();
    }
  });
  // Only what changed: the model's version list, or the scope's model list for a new model (never the whole tree,
  // and no deployed-where reload: a version registered a moment ago cannot be deployed yet).
  const affected = findNode(modelNodeId(scope, plan.name)) ?? findNode(scopeNodeId(scope));
  if (affected) services.view.provider.refresh(affected);
  services.panels.show(outcome.version);
  services.prompter.notify(`Registered ${plan.name}:${plan.version} in ${scope.kind} '${scope.name}'${outcome.uploadSkipped ? ' (files were already uploaded; no bytes sent)' : ''}.`);
  return outcome.version;
}

/** Explorer folder/file (Uri), tree scope/model node, or palette. */
export async function registerModel(services: CommandServices, register: RegisterCommandServices, context: CommandContext, arg: unknown): Promise<ModelVersion> {
  requireTrustedWorkspace();
  const localPath = arg instanceof vscode.Uri ? arg.fsPath : await pickLocalPath(services.prompter);
  const target = await resolveTarget(services, arg instanceof vscode.Uri ? undefined : arg);
  return planAndRun(services, register, context, localPath, target.scope, { interactive: true, ...(target.modelName ? { name: target.modelName } : {}) });
}

/** Explorer `*.yml` following the `az ml model create -f` schema. */
export async function registerFromSpec(services: CommandServices, register: RegisterCommandServices, context: CommandContext, arg: unknown): Promise<ModelVersion> {
  requireTrustedWorkspace();
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const picked = await services.prompter.pickFolder({ title: 'Model spec (az ml model create -f) to register', allowFiles: true, filters: { 'Model spec': ['yml', 'yaml'] }, openLabel: 'Register' });
    uri = picked ? vscode.Uri.file(picked) : undefined;
  }
  if (!uri) throw userCancelled();
  // A FIFO or device named *.yml would block the read forever: only regular files are read.
  const specStat = await vscode.workspace.fs.stat(uri);
  if ((specStat.type & vscode.FileType.File) === 0) {
    throw new InventoryError('validation', `The spec ${vscode.workspace.asRelativePath(uri)} is not a regular file.`);
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  let spec;
  try {
    spec = parseModelSpec(text, uri.fsPath, vscode.Uri.joinPath(uri, '..').fsPath);
  } catch (error) {
    if (error instanceof ModelSpecError) throw new InventoryError('validation', `The spec ${vscode.workspace.asRelativePath(uri)} has problems: ${error.problems.join(' ')}`);
    throw error;
  }
  const target = await resolveTarget(services, undefined);
  return planAndRun(services, register, context, spec.resolvedPath, target.scope, {
    interactive: false, name: spec.name,
    ...(isOutsideSpecFolder(vscode.Uri.joinPath(uri, '..').fsPath, spec.path) ? { sourceNote: `⚠ The spec's path ${printable(spec.path)} is outside the spec's folder: it uploads ${printable(spec.resolvedPath)}. Check that this is the folder you mean to register.` } : {}), ...(spec.version ? { version: spec.version } : {}), ...(spec.type ? { modelType: spec.type, modelTypeSource: 'spec' as const } : {}),
    ...(spec.description ? { description: spec.description } : {}), tags: spec.tags, properties: spec.properties, ...(spec.stage ? { stage: spec.stage } : {}),
  });
}

/** Opens an untitled YAML document with the version as an `az ml model create -f` spec. */
export async function exportVersionSpec(services: CommandServices, arg: unknown): Promise<string> {
  const version = await resolveVersion(arg, services.connections.current(), services.prompter);
  const content = exportModelSpec(version);
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  await vscode.window.showTextDocument(document);
  return content;
}
