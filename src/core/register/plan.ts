/**
 * The register plan: everything that will happen, decided before any byte moves, shown in full in the confirm
 * step, then executed by the Azure adapter. `prepareRegisterPlan` reads through the `FileTreeReader` port (scan +
 * hash); `buildRegisterPlan` is pure.
 */
import type { ModelScope } from '../domain/model';
import { formatBytes } from '../transfer/progress';
import { cliFileHash, cliFolderHash } from './assetHash';
import type { FileTreeReader } from './fileTree';
import { IgnoreRules } from './ignoreRules';
import { codePointOrder, registerNameReason, scanFolder, type FolderScan, type ScanWarning } from './folderScan';
import { printable } from '../printable';
import { detectModelType, knownModelTypes, parseMlmodelFlavors, type ArmFlavors, type KnownModelType } from './modelType';
import { parseKeyValues, validateKeyValueMap, validateRegisterName, validateVersion } from './validation';

/** The workspace datastore `az ml` uploads to, by name. */
export const workspaceDatastoreName = 'workspaceblobstore';

export interface RegisterSource {
  readonly kind: 'folder' | 'file';
  /** Absolute path as the user sees it (display only). */
  readonly displayPath: string;
  /** Base name of the resolved folder or file: the last segment of the blob prefix. */
  readonly name: string;
}

export interface RegisterRequest {
  readonly scope: ModelScope;
  readonly source: RegisterSource;
  readonly name: string;
  /** Omitted → the container's nextVersion, or "1" for a new model. */
  readonly version?: string;
  /** Omitted → detected. */
  readonly modelType?: string;
  /** Where an explicit `modelType` came from: a spec's `type:` is shown as "from the spec", not as detected. */
  readonly modelTypeSource?: 'spec' | 'user';
  readonly description?: string;
  /** A map (from a spec) or `key=value` entries (typed by the user). */
  readonly tags?: Readonly<Record<string, string>> | readonly string[];
  readonly properties?: Readonly<Record<string, string>> | readonly string[];
  readonly stage?: string;
}

/** What the service knows about the model, asked through the catalog. */
export interface ModelLookup {
  /** The container's nextVersion; undefined when the model does not exist yet. */
  nextVersion(): Promise<string | undefined>;
  versionExists(version: string): Promise<boolean>;
}

export interface PlannedFile {
  readonly relPath: string;
  readonly size: number;
  /** Blob name inside the container. */
  readonly blobName: string;
  /** The file's own MD5 when the hash pass computed it. */
  readonly contentMD5?: Uint8Array;
}

export interface RegisterPlan {
  readonly scope: ModelScope;
  readonly source: RegisterSource;
  readonly name: string;
  readonly version: string;
  readonly versionWasDefaulted: boolean;
  readonly isNewModel: boolean;
  readonly modelType: string;
  readonly detectedType: KnownModelType;
  readonly detectedReason: string;
  /** Set when the type was stated by a spec's `type:`. */
  readonly modelTypeSource?: 'spec' | 'user';
  /** Things to know before confirming, e.g. that an MLflow model sits one folder down. */
  readonly notes: readonly string[];
  readonly flavors?: ArmFlavors;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
  readonly stage?: string;
  readonly files: readonly PlannedFile[];
  readonly totalBytes: number;
  readonly fileCount: number;
  readonly ignoreFile?: string;
  readonly ignoredCount: number;
  /** The CLI's MD5 (workspace targets; undefined for registries, which do not use it). */
  readonly contentHash?: string;
  /** Blob-name prefix ending in `/`: `LocalUpload/<md5>/<folder>/` (workspace) or `<folder>/` (registry). */
  readonly blobPrefix: string;
  /** The path the version's modelUri points at (folder or single file), inside the container. */
  readonly modelPath: string;
  /** Workspace: the long `azureml://…/datastores/workspaceblobstore/paths/…` URI. Registry: known after the pending upload. */
  readonly modelUri?: string;
  /** Workspace: the first blob in sorted order, which carries `upload_status=completed`. */
  readonly indicatorBlob: string;
  readonly warnings: readonly string[];
}

export type PlanResult =
  | { readonly ok: true; readonly plan: RegisterPlan }
  | { readonly ok: false; readonly problems: readonly string[]; readonly warnings: readonly string[] };

export interface ScannedSource {
  readonly scan: FolderScan;
  readonly contentHash?: string;
  readonly mlmodelText?: string;
  /** Per-file MD5s computed during the hash pass (workspace targets). */
  readonly fileDigests?: ReadonlyMap<string, Uint8Array>;
}

/** Reads the source through the port: scan (ignore rules, symlink policy), MLmodel, and the CLI hash for workspaces. */
export async function readSource(reader: FileTreeReader, source: RegisterSource, target: ModelScope['kind'], options: { signal?: AbortSignal; onHashBytes?: (n: number) => void } = {}): Promise<ScannedSource> {
  if (source.kind === 'file') {
    const st = await reader.lstat(source.name).catch(() => undefined);
    let size = st?.size ?? 0;
    const problems: FolderScan['problems'][number][] = [];
    const unsafe = registerNameReason(source.name);
    if (unsafe) problems.push({ code: 'unsafeName', message: `The name ${printable(source.name)} cannot be registered because ${unsafe}. Rename the file first.` });
    else if (!st) problems.push({ code: 'notFound', message: `"${source.name}" does not exist.` });
    else if (st.kind === 'symlink') {
      const link = await reader.resolveLink(source.name);
      if (!link || link.kind !== 'file') problems.push({ code: 'notFound', message: `"${source.name}" is a link that does not lead to a file.` });
      else size = link.size;
    } else if (st.kind !== 'file') problems.push({ code: 'unsupportedEntry', message: `"${source.name}" is not a regular file.` });
    if (problems.length === 0) {
      try {
        await reader.checkReadable(source.name);
      } catch (error) {
        problems.push({ code: 'unreadable', message: `"${source.name}" cannot be read (${(error as { code?: string }).code ?? String(error)}).` });
      }
    }
    const scan: FolderScan = {
      files: problems.length ? [] : [{ relPath: source.name, size }], totalBytes: size, hashSteps: [], directories: [],
      ignore: IgnoreRules.none(), ignoredCount: 0, warnings: [], problems,
    };
    const fileDigests = new Map<string, Uint8Array>();
    const contentHash = target === 'workspace' && problems.length === 0
      ? await hashAlongside(reader, [source.name], fileDigests, options.signal, (onFileDigest) => cliFileHash(reader, source.name, options.onHashBytes, options.signal, onFileDigest))
      : undefined;
    return { scan, contentHash, fileDigests };
  }
  const scan = await scanFolder(reader);
  const mlmodelText = scan.files.some((f) => f.relPath === 'MLmodel') ? await reader.readText('MLmodel', 4 * 1024 * 1024) : undefined;
  const fileDigests = new Map<string, Uint8Array>();
  const contentHash = target === 'workspace' && scan.problems.length === 0
    ? await hashAlongside(reader, scan.files.map((f) => f.relPath), fileDigests, options.signal, (onFileDigest) => cliFolderHash(reader, scan.hashSteps, options.onHashBytes, options.signal, onFileDigest))
    : undefined;
  return { scan, contentHash, mlmodelText, fileDigests };
}

/**
 * Runs the CLI hash (which must finish before anything is uploaded: it names the blob prefix) and collects each
 * file's own MD5 into `digests` for Content-MD5. When the reader can hash files off the calling thread, that runs in
 * parallel with the CLI hash instead of doubling the hashing in the same read; otherwise one read feeds both.
 */
async function hashAlongside(
  reader: FileTreeReader, rels: readonly string[], digests: Map<string, Uint8Array>, signal: AbortSignal | undefined,
  cliHash: (onFileDigest?: (rel: string, md5: Uint8Array) => void) => Promise<string>,
): Promise<string> {
  if (!reader.md5Files) return cliHash((rel, md5) => digests.set(rel, md5));
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(signal?.reason);
  if (signal?.aborted) stop.abort(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const perFile = reader.md5Files(rels, stop.signal);
  try {
    const hash = await cliHash();
    const md5s = await perFile;
    rels.forEach((rel, i) => digests.set(rel, md5s[i]!));
    return hash;
  } catch (error) {
    stop.abort(error);
    perFile.catch(() => undefined);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function keyValues(input: RegisterRequest['tags'], what: 'tag' | 'property', problems: string[]): Record<string, string> {
  if (input === undefined) return {};
  if (Array.isArray(input)) {
    const parsed = parseKeyValues(input as readonly string[], what);
    problems.push(...parsed.problems);
    return parsed.values;
  }
  const map = input as Readonly<Record<string, string>>;
  problems.push(...validateKeyValueMap(map, what));
  return { ...map };
}

/** The long datastore URI `az ml` writes (lower-case `resourcegroups`, raw names: no percent-encoding). */
export function workspaceModelUri(scope: ModelScope, path: string): string {
  return `azureml://subscriptions/${scope.subscriptionId}/resourcegroups/${scope.resourceGroup}/workspaces/${scope.name}/datastores/${workspaceDatastoreName}/paths/${path}`;
}

export interface PlanContext {
  readonly nextVersion?: string;
  readonly versionExists: boolean;
}

/** Pure: request + what was read + what the service said → the plan, or every problem at once. */
export function buildRegisterPlan(request: RegisterRequest, source: ScannedSource, context: PlanContext): PlanResult {
  const problems: string[] = [];
  const warnings: string[] = source.scan.warnings.map((w: ScanWarning) => w.message);
  const target = request.scope.kind;
  const nameProblem = validateRegisterName(request.name, target);
  if (nameProblem) problems.push(nameProblem);
  const versionWasDefaulted = request.version === undefined || request.version.trim() === '';
  const version = versionWasDefaulted ? (context.nextVersion ?? '1') : request.version!;
  const versionProblem = validateVersion(version, target, { nextVersion: context.nextVersion, exists: context.versionExists });
  if (versionProblem) problems.push(versionProblem);
  const tags = keyValues(request.tags, 'tag', problems);
  const properties = keyValues(request.properties, 'property', problems);
  problems.push(...source.scan.problems.map((p) => p.message));

  const isFile = request.source.kind === 'file';
  const detected = detectModelType(source.scan.files.map((f) => f.relPath), source.scan.directories, isFile);
  const modelType = request.modelType?.trim() || detected.modelType;
  if (request.modelType && !knownModelTypes.includes(request.modelType as KnownModelType)) {
    problems.push(`Unknown model type "${request.modelType}"; use one of ${knownModelTypes.join(', ')}.`);
  }
  if (modelType === 'mlflow_model' && !isFile && detected.modelType !== 'mlflow_model') {
    problems.push(mlmodelMissing);
    if (detected.hint?.startsWith('An MLflow')) problems.push(detected.hint);
  }
  if (modelType === 'triton_model' && isFile) problems.push('The type triton_model needs a folder (a Triton model repository), not a single file.');
  if (request.stage !== undefined && request.stage.trim() === '') problems.push('The stage cannot be empty; leave it out to use the default (Development).');
  if (target === 'workspace' && !source.contentHash && problems.length === 0) problems.push('The content hash could not be computed.');
  if (problems.length > 0) return { ok: false, problems, warnings };

  const folderPrefix = target === 'workspace' ? `LocalUpload/${source.contentHash}/` : '';
  const blobPrefix = isFile ? folderPrefix : `${folderPrefix}${request.source.name}/`;
  const files: PlannedFile[] = source.scan.files
    .map((f) => {
      const md5 = source.fileDigests?.get(f.relPath);
      return { relPath: f.relPath, size: f.size, blobName: isFile ? `${folderPrefix}${request.source.name}` : `${blobPrefix}${f.relPath}`, ...(md5 ? { contentMD5: md5 } : {}) };
    })
    .sort((a, b) => codePointOrder(a.blobName, b.blobName));
  const modelPath = `${folderPrefix}${request.source.name}`;
  const flavors = modelType === 'mlflow_model' && source.mlmodelText !== undefined ? parseMlmodelFlavors(source.mlmodelText) : undefined;
  const plan: RegisterPlan = {
    scope: request.scope,
    source: request.source,
    name: request.name,
    version,
    versionWasDefaulted,
    isNewModel: context.nextVersion === undefined,
    modelType,
    detectedType: detected.modelType,
    detectedReason: detected.reason,
    ...(request.modelType?.trim() && request.modelTypeSource ? { modelTypeSource: request.modelTypeSource } : {}),
    notes: detected.hint && modelType === 'custom_model' ? [detected.hint] : [],
    ...(flavors ? { flavors } : {}),
    ...(request.description?.trim() ? { description: request.description.trim() } : {}),
    tags,
    properties,
    ...(request.stage ? { stage: request.stage.trim() } : {}),
    files,
    totalBytes: source.scan.totalBytes,
    fileCount: files.length,
    ...(source.scan.ignore.file ? { ignoreFile: source.scan.ignore.file } : {}),
    ignoredCount: source.scan.ignoredCount,
    ...(source.contentHash ? { contentHash: source.contentHash } : {}),
    blobPrefix,
    modelPath,
    ...(target === 'workspace' ? { modelUri: workspaceModelUri(request.scope, modelPath) } : {}),
    indicatorBlob: files[0]!.blobName,
    warnings,
  };
  return { ok: true, plan };
}

/** Reads, asks the service, builds. */
export async function prepareRegisterPlan(reader: FileTreeReader, request: RegisterRequest, lookup: ModelLookup, options: { signal?: AbortSignal; onHashBytes?: (n: number) => void } = {}): Promise<PlanResult> {
  const nextVersion = await lookup.nextVersion();
  const version = request.version?.trim() ? request.version : (nextVersion ?? '1');
  const versionExists = nextVersion === undefined ? false : await lookup.versionExists(version);
  // Cheap checks first: a bad name or version fails before the folder is read and hashed.
  const early = buildRegisterPlan(request, emptySource, { nextVersion, versionExists });
  // A bad name or version returns here. Other problems are reported with the folder's own (all at once), and
  // whether an explicit mlflow_model has its MLmodel file is only known once the folder is read.
  const cheap = validateRegisterName(request.name, request.scope.kind) ?? validateVersion(version, request.scope.kind, { nextVersion, exists: versionExists });
  if (!early.ok && cheap) return { ok: false, problems: early.problems.filter((p) => p !== emptyProblem && p !== mlmodelMissing), warnings: [] };
  const source = await readSource(reader, request.source, request.scope.kind, options);
  return buildRegisterPlan(request, source, { nextVersion, versionExists });
}

const emptyProblem = '\u0000not-read';
const mlmodelMissing = 'The type mlflow_model needs an MLmodel file at the root of the folder.';
const emptySource: ScannedSource = {
  scan: { files: [], totalBytes: 0, hashSteps: [], directories: [], ignore: IgnoreRules.none(), ignoredCount: 0, warnings: [], problems: [{ code: 'notFound', message: emptyProblem }] },
  contentHash: 'pending',
};

export { formatBytes };

function typeOrigin(plan: RegisterPlan): string {
  if (plan.modelTypeSource === 'spec') return plan.modelType === plan.detectedType ? ' (from the spec)' : ` (from the spec; the folder looks like ${plan.detectedType})`;
  return plan.modelType === plan.detectedType ? ` (detected: ${plan.detectedReason})` : ` (detected ${plan.detectedType}, overridden)`;
}

/** The whole plan as text for the modal confirm. */
export function summarizePlan(plan: RegisterPlan, maxFilesListed = 10): string {
  const where = `${plan.scope.kind} '${plan.scope.name}' (resource group ${plan.scope.resourceGroup})`;
  const lines = [
    `Register ${plan.isNewModel ? 'new model' : 'model'} '${plan.name}' version ${plan.version}${plan.versionWasDefaulted ? ' (next free version)' : ''} in ${where}.`,
    '',
    `Source: ${plan.source.displayPath}`,
    `Type: ${plan.modelType}${typeOrigin(plan)}`,
  ];
  if (plan.notes.length) lines.push(...plan.notes.map((n) => `Note: ${n}`));
  if (plan.flavors && Object.keys(plan.flavors).length) lines.push(`MLflow flavors: ${Object.keys(plan.flavors).join(', ')}`);
  if (plan.description) lines.push(`Description: ${plan.description}`);
  if (plan.stage) lines.push(`Stage: ${plan.stage}`);
  const kv = (m: Readonly<Record<string, string>>): string => Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)';
  lines.push(`Tags: ${kv(plan.tags)}`, `Properties: ${kv(plan.properties)}`);
  lines.push(`Files: ${plan.fileCount} (${formatBytes(plan.totalBytes)})${plan.ignoreFile ? `, ${plan.ignoredCount} excluded by ${plan.ignoreFile}` : ''}`);
  for (const f of plan.files.slice(0, maxFilesListed)) lines.push(`  ${f.relPath}  ${formatBytes(f.size)}`);
  if (plan.files.length > maxFilesListed) lines.push(`  … and ${plan.files.length - maxFilesListed} more`);
  if (plan.scope.kind === 'workspace') {
    lines.push(`Upload to: datastore ${workspaceDatastoreName}, ${plan.blobPrefix} (content hash ${plan.contentHash}; skipped if az ml or this extension already uploaded it)`);
    lines.push(`Model URI: ${plan.modelUri}`);
  } else {
    lines.push(`Upload to: the registry's storage, ${plan.blobPrefix}`);
  }
  if (plan.warnings.length) lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  ${w}`));
  return lines.join('\n');
}
