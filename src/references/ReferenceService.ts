/**
 * Model references in code: hover, CodeLens (deployment YAMLs) and diagnostics for YAML, Python, JSON and Markdown
 * files. Recognition is pure (core/references/recognise.ts); resolution goes through one cached, batched resolver
 * per connection; deployed-where comes from the deployments hub's index. Short references (`azureml:m:3`) resolve
 * against the workspace chosen for the file's folder (`amlInventory.references.workspace`, picked once per folder).
 */
import * as vscode from 'vscode';
import { CommandId, ReferenceDiagnosticSource, Setting } from '../constants';
import { deployedWhere, type DeployedWhere } from '../core/deployments/deployedIndex';
import { resolveModelReference } from '../core/deployments/modelReference';
import { formatScopeArmId, parseScopeArmId, type ScopeRef } from '../core/domain/ids';
import type { ModelScope, ModelVersion, Registry } from '../core/domain/model';
import { InventoryError } from '../core/errors';
import { recogniseModelReferences, summariseDeploymentYamlDocuments, type ModelReferenceMatch, type RecogniseResult } from '../core/references/recognise';
import {
  ReferenceResolver, type ModelKey, type ModelSnapshot, type ReferenceResolution, type ResolveContext,
} from '../core/references/resolver';
import type { DeploymentsHub } from '../commands/deployments/DeploymentsHub';
import type { Connection, ConnectionSource } from '../host/connection';
import type { Logger } from '../host/logger';
import { readReferencesWorkspace, settingName } from '../host/settings';
import { identityOf } from '../webviews/modelVersion/versionView';
import { codeLensTitle, diagnosticMessage, hoverMarkdown, type LiveDeployment } from './referenceText';

export const referenceLanguages = ['yaml', 'python', 'json', 'jsonc', 'markdown'] as const;
/** By language, and by file name for windows without the language extensions (e.g. `--disable-extensions`). */
const filePattern = '**/*.{yml,yaml,py,json,jsonc,md,markdown}';
const selector: vscode.DocumentSelector = [
  ...referenceLanguages.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]),
  { scheme: 'file', pattern: filePattern },
];
const yamlSelector: vscode.DocumentSelector = [{ language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }, { scheme: 'file', pattern: '**/*.{yml,yaml}' }];

function isReferenceDocument(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
  return (referenceLanguages as readonly string[]).includes(document.languageId) || /\.(ya?ml|py|jsonc?|md|markdown)$/i.test(document.uri.path);
}

function scopeOf(ref: ScopeRef): ModelScope {
  const base = { id: formatScopeArmId(ref), name: ref.name, subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, tags: {} };
  return ref.kind === 'workspace' ? { kind: 'workspace', ...base } : { kind: 'registry', ...base };
}

function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

export class ReferenceService implements vscode.HoverProvider, vscode.CodeLensProvider, vscode.Disposable {
  private resolver: ReferenceResolver | undefined;
  private resolverConnection: Connection | undefined;
  private registries: Promise<readonly Registry[]> | undefined;
  private readonly parsed = new Map<string, { version: number; result: RecogniseResult }>();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('amlModelReferences');
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly askedFolders = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Documents whose diagnostics finished at least once (tests wait on it). */
  private readonly diagnosedEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidDiagnose = this.diagnosedEmitter.event;

  constructor(
    private readonly connections: ConnectionSource,
    private readonly hub: DeploymentsHub,
    private readonly logger: Logger,
    private readonly approvalTagKey: () => string,
  ) {}

  register(): vscode.Disposable {
    this.disposables.push(
      vscode.languages.registerHoverProvider(selector, this),
      vscode.languages.registerCodeLensProvider(yamlSelector, this),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 500)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.diagnostics.delete(d.uri);
        this.parsed.delete(d.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Only what changes the answers; other settings (page size, filters) must not cause lookups.
        if ([Setting.referencesWorkspace, Setting.approvalTagKey].some((key) => e.affectsConfiguration(settingName(key)))) this.refresh();
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    return vscode.Disposable.from(...this.disposables);
  }

  /** Forgets every lookup (the Refresh command, a new sign-in) and re-checks the open documents. */
  refresh(): void {
    this.resolver?.refresh();
    this.registries = undefined;
    this.lensEmitter.fire();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** After a change this extension made to a model: forget it and re-check. */
  modelChanged(scope: ModelScope, modelName: string): void {
    const ref: ScopeRef = { kind: scope.kind, subscriptionId: scope.subscriptionId, resourceGroup: scope.resourceGroup, name: scope.name };
    this.resolver?.refresh({ location: { kind: 'scope', scope: ref }, modelName });
    if (scope.kind === 'registry') this.resolver?.refresh({ location: { kind: 'registryName', registryName: scope.name }, modelName });
    this.lensEmitter.fire();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The workspace short references in `uri` resolve against (setting of its folder), if chosen. */
  workspaceFor(uri: vscode.Uri): ScopeRef | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const id = readReferencesWorkspace(folder?.uri ?? uri);
    const scope = id ? parseScopeArmId(id) : undefined;
    return scope?.kind === 'workspace' ? scope : undefined;
  }

  recognise(document: vscode.TextDocument): RecogniseResult {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.result;
    const result = recogniseModelReferences(document.getText());
    this.parsed.set(key, { version: document.version, result });
    return result;
  }

  /** The one resolution context of `uri`: hover, CodeLens and diagnostics all resolve with it. */
  resolveContext(uri: vscode.Uri): ResolveContext {
    const workspace = this.workspaceFor(uri);
    return { ...(workspace ? { workspace } : {}), workspaceByGuid: this.hub.workspaceByGuid };
  }

  async resolve(match: ModelReferenceMatch, uri: vscode.Uri, context: ResolveContext = this.resolveContext(uri)): Promise<ReferenceResolution> {
    return this.resolverFor().resolve(match.ref, context);
  }

  // ---- hover ----

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = document.offsetAt(position);
    const match = this.recognise(document).references.find((r) => offset >= r.start && offset <= r.end);
    if (!match) return undefined;
    const context = this.resolveContext(document.uri);
    const resolution = await this.resolve(match, document.uri, context);
    const deployed = resolution.status === 'found' ? await this.deployedOf(resolution.version) : [];
    const links = resolution.status === 'found'
      ? {
        openDetails: commandUri(CommandId.openVersionDetails, [identityOf(resolution.version)]),
        compareWithDeployed: commandUri(CommandId.compareWithDeployed, [identityOf(resolution.version)]),
      }
      : { pickWorkspace: commandUri(CommandId.pickReferenceWorkspace, [document.uri.toString()]) };
    const markdown = new vscode.MarkdownString(hoverMarkdown(match, {
      resolution, deployed, approvalTagKey: this.approvalTagKey(),
      ...(context.workspace ? { workspaceName: context.workspace.name } : {}),
    }, links));
    // Service text is escaped by hoverMarkdown; only our own command links are enabled, nothing else.
    markdown.isTrusted = { enabledCommands: [CommandId.openVersionDetails, CommandId.compareWithDeployed, CommandId.pickReferenceWorkspace] };
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(match.start), document.positionAt(match.end)));
  }

  private async deployedOf(version: ModelVersion): Promise<readonly DeployedWhere[]> {
    const index = await this.hub.load().catch(() => undefined);
    return index ? deployedWhere(index, version) : [];
  }

  // ---- CodeLens ----

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // One lens per deployment document of a multi-document (`---`) YAML, all with the hover's resolution context.
    const context = this.resolveContext(document.uri);
    const summaries = summariseDeploymentYamlDocuments(document.getText(), this.recognise(document));
    const lenses = await Promise.all(summaries.map(async (summary) => {
      if (!summary.modelKey || !summary.endpointName) return undefined;
      const range = new vscode.Range(document.positionAt(summary.modelKey.start), document.positionAt(summary.modelKey.start));
      const live = await this.liveDeployment(context, summary.endpointName, summary.name, summary.isBatch);
      const title = codeLensTitle(summary, live);
      let command: vscode.Command = { title, command: '' };
      if (summary.model?.kind === 'reference') {
        const resolution = await this.resolve(summary.model.match, document.uri, context);
        if (resolution.status === 'found') command = { title, command: CommandId.openVersionDetails, arguments: [identityOf(resolution.version)], tooltip: 'Open the details of the version this file deploys' };
      }
      return new vscode.CodeLens(range, command);
    }));
    return lenses.filter((l): l is vscode.CodeLens => l !== undefined);
  }

  private async liveDeployment(context: ResolveContext, endpointName: string, deploymentName: string | undefined, isBatch: boolean): Promise<LiveDeployment | undefined | 'unknown'> {
    const workspace = context.workspace;
    const index = await this.hub.load().catch(() => undefined);
    if (!index) return 'unknown';
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const entries = index.entries.filter((e) => same(e.endpointName, endpointName) && (isBatch ? e.kind === 'batch' : e.kind === 'online')
      && (!workspace || (same(e.workspace.name, workspace.name) && same(e.workspace.resourceGroup, workspace.resourceGroup))));
    const entry = deploymentName ? entries.find((e) => same(e.deploymentName, deploymentName)) : undefined;
    if (!entry) return undefined;
    // A short reference is resolved only when a workspace is chosen, as the hover does; otherwise it is shown raw.
    const reference = entry.reference.status === 'resolved' || !workspace ? entry.reference : resolveModelReference(entry.reference.raw, { workspace: entry.workspace });
    return {
      kind: entry.kind,
      ...(entry.trafficPercent !== undefined ? { trafficPercent: entry.trafficPercent } : {}),
      ...(reference.status === 'resolved' ? { modelName: reference.target.modelName, version: reference.target.version } : { raw: reference.raw }),
    };
  }

  // ---- diagnostics ----

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isReferenceDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.diagnose(document).catch((error: unknown) => this.logger.warn(`Model references in ${document.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`));
    }, delayMs));
  }

  async diagnose(document: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    const version = document.version;
    const { references } = this.recognise(document);
    if (references.some((r) => r.ref.kind === 'nameVersion' || r.ref.kind === 'nameLabel') && !this.workspaceFor(document.uri)) this.offerWorkspacePick(document.uri);
    const context = this.resolveContext(document.uri);
    const resolved = await Promise.all(references.map(async (match) => ({ match, resolution: await this.resolve(match, document.uri, context) })));
    if (document.isClosed || document.version !== version) return [];
    const diagnostics: vscode.Diagnostic[] = [];
    for (const { match, resolution } of resolved) {
      const message = diagnosticMessage(match, resolution);
      if (!message) continue;
      const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(match.start), document.positionAt(match.end)), message, vscode.DiagnosticSeverity.Warning);
      d.source = ReferenceDiagnosticSource;
      d.code = resolution.status === 'found' ? 'archived' : resolution.status;
      diagnostics.push(d);
    }
    this.diagnostics.set(document.uri, diagnostics);
    this.diagnosedEmitter.fire(document.uri);
    return diagnostics;
  }

  /** Once per folder and session: short references need a workspace; offer to pick it (not modal). */
  private offerWorkspacePick(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? 'no-folder';
    if (this.askedFolders.has(key)) return;
    this.askedFolders.add(key);
    void vscode.window.showInformationMessage(
      `Files in ${folder?.name ?? 'this window'} reference Azure ML models by name (azureml:<name>:<version>). Choose the workspace to resolve them against?`,
      'Choose Workspace…',
    ).then((choice) => (choice ? vscode.commands.executeCommand(CommandId.pickReferenceWorkspace, uri.toString()) : undefined));
  }

  // ---- resolution plumbing ----

  private resolverFor(): ReferenceResolver {
    const connection = this.connections.current();
    if (!this.resolver || this.resolverConnection !== connection) {
      this.resolverConnection = connection;
      this.registries = undefined;
      this.resolver = new ReferenceResolver((key, wanted, previous) => this.loadModel(connection, key, wanted, previous));
    }
    return this.resolver;
  }

  private async registryScope(connection: Connection, name: string): Promise<ModelScope | undefined> {
    this.registries ??= connection.catalog.listSubscriptions()
      .then((subs) => Promise.all(subs.map((s) => connection.catalog.listRegistries(s.subscriptionId).catch(() => [] as readonly Registry[]))))
      .then((lists) => lists.flat());
    return (await this.registries).find((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  /** One model: container, the 50 newest versions (archived included), and any wanted version not among them. */
  private async loadModel(connection: Connection, key: ModelKey, wanted: readonly string[], previous: ModelSnapshot | undefined): Promise<ModelSnapshot> {
    const scope = key.location.kind === 'scope' ? scopeOf(key.location.scope) : await this.registryScope(connection, key.location.registryName);
    if (!scope) return { status: 'error', message: `Registry '${key.location.kind === 'registryName' ? key.location.registryName : ''}' is not visible to you.` };
    const { catalog } = connection;
    this.logger.trace(`Resolving model references to ${scope.name}/${key.modelName} (${wanted.join(', ') || 'latest'})`);
    try {
      const [container, page] = await Promise.all([
        catalog.getModel(scope, key.modelName),
        catalog.listVersions(scope, key.modelName, { listViewType: 'All', top: 50, orderBy: 'createdtime desc' }),
      ]);
      const versions = new Map<string, ModelVersion>(previous?.status === 'found' ? previous.versions : []);
      for (const v of page.items) versions.set(v.version, v);
      const missing = new Set<string>();
      await Promise.all(wanted.filter((w) => !versions.has(w)).map(async (w) => {
        try {
          versions.set(w, await catalog.getVersion(scope, key.modelName, w));
        } catch (error) {
          if (error instanceof InventoryError && error.kind === 'notFound') missing.add(w);
          else throw error;
        }
      }));
      return { status: 'found', container, versions, missing };
    } catch (error) {
      if (error instanceof InventoryError && error.kind === 'notFound') return { status: 'modelMissing' };
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    vscode.Disposable.from(...this.disposables).dispose();
    this.diagnostics.dispose();
    this.lensEmitter.dispose();
    this.diagnosedEmitter.dispose();
  }
}
