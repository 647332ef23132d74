/**
 * Asset ids and ARM ids in every spelling Azure ML uses (reference §2), parsed into one union and formatted back.
 *
 * Case rules: ARM treats the segment names (`resourceGroups`, `providers/Microsoft.MachineLearningServices`, ...)
 * and the names of subscriptions, resource groups and workspaces/registries case-insensitively, so services echo
 * them in any casing (`resourcegroups`, `microsoft.machinelearningservices`). Asset names and versions are
 * case-sensitive ("Model name. This is case-sensitive." in the API), so comparison keys keep their case.
 */

export const machineLearningProvider = 'Microsoft.MachineLearningServices';

export type ScopeKind = 'workspace' | 'registry';

/** A workspace or registry located by its ARM coordinates. */
export interface ScopeRef {
  readonly kind: ScopeKind;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/** A workspace located by ARM coordinates (the long datastore URI carries one). */
export interface WorkspaceRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workspaceName: string;
}

/**
 * Every asset reference spelling. `collection` is the asset collection segment as the service writes it
 * (`models`, `environments`, `codes`, `data`, `components`).
 */
export type AssetRef =
  /** `/subscriptions/…/workspaces|registries/<n>/<collection>/<name>[/versions/<v>]`, optionally `azureml:`-prefixed. */
  | { readonly kind: 'arm'; readonly isPrefixed: boolean; readonly scope: ScopeRef; readonly collection: string; readonly name: string; readonly version?: string }
  /** `azureml:<name>:<version>` */
  | { readonly kind: 'nameVersion'; readonly name: string; readonly version: string }
  /** `azureml:<name>@<label>` or `<name>@<label>` (`latest`). */
  | { readonly kind: 'nameLabel'; readonly name: string; readonly label: string }
  /** `azureml://registries/<r>/<collection>/<name>/versions/<v>` */
  | { readonly kind: 'registryAsset'; readonly registryName: string; readonly collection: string; readonly name: string; readonly version: string }
  /** `azureml://locations/<region>/workspaces/<guid>/<collection>/<name>/versions/<v>` */
  | { readonly kind: 'locationAsset'; readonly region: string; readonly workspaceGuid: string; readonly collection: string; readonly name: string; readonly version: string }
  /** Long (`azureml://subscriptions/…/datastores/<ds>/paths/<p>`, with `workspace`) or short (`azureml://datastores/<ds>/paths/<p>`). */
  | { readonly kind: 'datastorePath'; readonly workspace?: WorkspaceRef; readonly datastore: string; readonly path: string }
  /** `azureml://jobs/<job>/outputs/<output>/paths/<p>` */
  | { readonly kind: 'jobOutput'; readonly jobName: string; readonly outputName: string; readonly path: string }
  /** Legacy run output `azureml://datastores/<ds>/ExperimentRun/<…>`; `jobName` when the path names `dcid.<job>`. */
  | { readonly kind: 'runOutput'; readonly datastore: string; readonly path: string; readonly jobName?: string }
  /** MLflow `runs:/<run-id>/<path>`; left unresolved, as the CLI does. */
  | { readonly kind: 'mlflowRun'; readonly runId: string; readonly path: string };

export type AssetRefKind = AssetRef['kind'];

/** Canonical casing of ARM segment names we meet; unknown segment names are kept as written. */
const canonicalSegments = new Map(
  [
    'subscriptions', 'resourceGroups', 'providers', machineLearningProvider, 'workspaces', 'registries', 'models',
    'versions', 'environments', 'codes', 'data', 'components', 'datastores', 'jobs', 'onlineEndpoints',
    'batchEndpoints', 'deployments', 'computes', 'locations',
  ].map((s) => [s.toLowerCase(), s] as const),
);

function canonicalSegment(segment: string): string {
  return canonicalSegments.get(segment.toLowerCase()) ?? segment;
}

function eq(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

const scopeCollections: Readonly<Record<string, ScopeKind>> = { workspaces: 'workspace', registries: 'registry' };

/**
 * Indices of the segment *names* (as opposed to values) of an ARM id split on `/`:
 * `subscriptions/<s>/resourceGroups/<r>/providers/<Namespace>/<type>/<name>/<type>/<name>…`.
 */
function isSegmentName(parts: readonly string[], index: number): boolean {
  const providers = parts.findIndex((p) => eq(p, 'providers'));
  if (providers < 0 || index <= providers) return index % 2 === 0;
  if (index === providers + 1) return true; // the provider namespace
  return (index - providers) % 2 === 0;
}

function splitArmId(id: string): string[] | undefined {
  const trimmed = id.trim();
  if (!trimmed.startsWith('/')) return undefined;
  const parts = trimmed.split('/').filter((p) => p.length > 0);
  return parts.length >= 2 && eq(parts[0], 'subscriptions') ? parts : undefined;
}

/** An ARM id with canonical segment-name casing (`resourcegroups` → `resourceGroups`); names keep their case. */
export function normalizeArmId(id: string): string {
  const parts = splitArmId(id);
  if (!parts) return id.trim();
  return '/' + parts.map((p, i) => (isSegmentName(parts, i) ? canonicalSegment(p) : p)).join('/');
}

/**
 * A comparison key for ARM ids: equal for ids ARM considers the same resource. Segment names and the
 * subscription / resource group / top-level resource names are lower-cased; child names (asset names,
 * versions) keep their case because Azure ML treats them case-sensitively.
 */
export function armIdKey(id: string): string {
  const parts = splitArmId(id);
  if (!parts) return id.trim();
  const providers = parts.findIndex((p) => eq(p, 'providers'));
  const topLevelNameIndex = providers < 0 ? parts.length : providers + 3;
  return '/' + parts.map((p, i) => (i <= topLevelNameIndex || isSegmentName(parts, i) ? p.toLowerCase() : p)).join('/');
}

/** The workspace or registry an ARM id belongs to (the id itself or any child of it). */
export function parseScopeArmId(id: string): ScopeRef | undefined {
  const parts = splitArmId(id);
  if (!parts || parts.length < 8) return undefined;
  const [, subscriptionId, rgKey, resourceGroup, providersKey, namespace, collection, name] = parts;
  if (!eq(rgKey, 'resourceGroups') || !eq(providersKey, 'providers') || !eq(namespace, machineLearningProvider)) return undefined;
  const kind = scopeCollections[collection!.toLowerCase()];
  return kind ? { kind, subscriptionId: subscriptionId!, resourceGroup: resourceGroup!, name: name! } : undefined;
}

function parseArmAssetId(id: string, isPrefixed: boolean): AssetRef | undefined {
  const scope = parseScopeArmId(id);
  const parts = splitArmId(id);
  if (!scope || !parts) return undefined;
  const rest = parts.slice(8);
  if (rest.length === 2) return { kind: 'arm', isPrefixed, scope, collection: rest[0]!, name: rest[1]! };
  if (rest.length === 4 && eq(rest[2], 'versions')) {
    return { kind: 'arm', isPrefixed, scope, collection: rest[0]!, name: rest[1]!, version: rest[3]! };
  }
  return undefined;
}

/** `<collection>/<name>/versions/<version>` at the start of `parts`. */
function versionedTail(parts: readonly string[]): { collection: string; name: string; version: string } | undefined {
  if (parts.length !== 4 || !eq(parts[2], 'versions') || parts.some((p) => p.length === 0)) return undefined;
  return { collection: parts[0]!, name: parts[1]!, version: parts[3]! };
}

function parseAzuremlUri(rest: string): AssetRef | undefined {
  const parts = rest.split('/');
  const head = parts[0]?.toLowerCase();
  if (head === 'registries' && parts[1]) {
    const tail = versionedTail(parts.slice(2));
    return tail && { kind: 'registryAsset', registryName: parts[1], ...tail };
  }
  if (head === 'locations' && parts[1] && eq(parts[2], 'workspaces') && parts[3]) {
    const tail = versionedTail(parts.slice(4));
    return tail && { kind: 'locationAsset', region: parts[1], workspaceGuid: parts[3], ...tail };
  }
  if (head === 'jobs' && parts[1] && eq(parts[2], 'outputs') && parts[3] && eq(parts[4], 'paths')) {
    return { kind: 'jobOutput', jobName: parts[1], outputName: parts[3], path: parts.slice(5).join('/') };
  }
  if (head === 'datastores' && parts[1]) {
    if (eq(parts[2], 'paths')) return { kind: 'datastorePath', datastore: parts[1], path: parts.slice(3).join('/') };
    if (eq(parts[2], 'ExperimentRun')) {
      const path = parts.slice(2).join('/');
      const jobName = /(?:^|\/)dcid\.([^/]+)/.exec(path)?.[1];
      return { kind: 'runOutput', datastore: parts[1], path, ...(jobName ? { jobName } : {}) };
    }
    return undefined;
  }
  if (head === 'subscriptions' && parts[1] && eq(parts[2], 'resourceGroups') && parts[3]) {
    // Optional `providers/Microsoft.MachineLearningServices/` before `workspaces` (some clients write it).
    const wsIndex = eq(parts[4], 'providers') ? 6 : 4;
    if (wsIndex === 6 && !eq(parts[5], machineLearningProvider)) return undefined;
    const ws = parts[wsIndex + 1];
    const datastore = parts[wsIndex + 3];
    if (!eq(parts[wsIndex], 'workspaces') || !ws || !eq(parts[wsIndex + 2], 'datastores') || !datastore || !eq(parts[wsIndex + 4], 'paths')) {
      return undefined;
    }
    return {
      kind: 'datastorePath',
      workspace: { subscriptionId: parts[1], resourceGroup: parts[3], workspaceName: ws },
      datastore,
      path: parts.slice(wsIndex + 5).join('/'),
    };
  }
  return undefined;
}

/**
 * True for `.` and `..`, also percent-encoded (`%2e`, `%2E%2e`, double-encoded): as a URL path segment such a name
 * or version collapses the path (`models/../versions/..` would address the workspace itself), so it is never a
 * valid asset name, version, or scope name.
 */
export function isDotSegment(value: string): boolean {
  let current = value;
  for (let depth = 0; depth < 4; depth++) {
    if (current === '.' || current === '..') return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return current === '.' || current === '..';
}

/** Every name-like field of a parsed reference (not free-form paths). */
function refNames(ref: AssetRef): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(ref)) {
    if (key === 'path' || key === 'kind') continue;
    if (typeof value === 'string') names.push(value);
    else if (value && typeof value === 'object') names.push(...Object.values(value).filter((v): v is string => typeof v === 'string'));
  }
  return names;
}

/** Parses any asset reference spelling; `undefined` when the text is none of them (or names `.`/`..`). */
export function parseAssetRef(text: string): AssetRef | undefined {
  const ref = parseAssetRefSpelling(text);
  return ref && refNames(ref).some(isDotSegment) ? undefined : ref;
}

function parseAssetRefSpelling(text: string): AssetRef | undefined {
  const value = text.trim();
  if (value.startsWith('/')) return parseArmAssetId(value, false);
  if (/^azureml:\/\//i.test(value)) return parseAzuremlUri(value.slice('azureml://'.length));
  if (/^azureml:\//i.test(value)) return parseArmAssetId(value.slice('azureml:'.length), true);
  if (/^runs:\//i.test(value)) {
    const [runId, ...path] = value.slice('runs:/'.length).split('/');
    return runId ? { kind: 'mlflowRun', runId, path: path.join('/') } : undefined;
  }
  const short = /^azureml:/i.test(value) ? value.slice('azureml:'.length) : undefined;
  const body = short ?? value;
  const label = /^([^:@/\s]+)@([^:@/\s]+)$/.exec(body);
  if (label) return { kind: 'nameLabel', name: label[1]!, label: label[2]! };
  const nameVersion = short !== undefined ? /^([^:@/\s]+):([^:@/\s]+)$/.exec(short) : null;
  if (nameVersion) return { kind: 'nameVersion', name: nameVersion[1]!, version: nameVersion[2]! };
  return undefined;
}

/** The ARM id of a workspace or registry. */
export function formatScopeArmId(scope: ScopeRef): string {
  const collection = scope.kind === 'workspace' ? 'workspaces' : 'registries';
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${machineLearningProvider}/${collection}/${scope.name}`;
}

/** `/subscriptions/…/<workspaces|registries>/<n>/models/<name>/versions/<v>`: what deployments store for workspace models. */
export function formatModelVersionArmId(scope: ScopeRef, modelName: string, version: string): string {
  return `${formatScopeArmId(scope)}/models/${modelName}/versions/${version}`;
}

/** `azureml:<name>:<version>`, the CLI/YAML shorthand (resolved within the current workspace). */
export function formatShortAssetId(name: string, version: string): string {
  return `azureml:${name}:${version}`;
}

/** `azureml://registries/<r>/models/<name>/versions/<v>`: how deployments and registry DTOs name registry models. */
export function formatRegistryAssetId(registryName: string, modelName: string, version: string): string {
  return `azureml://registries/${registryName}/models/${modelName}/versions/${version}`;
}

/**
 * The id a deployment would reference a model version by: the registry asset id for registry models,
 * the ARM id for workspace models.
 */
export function formatDeployableModelId(scope: ScopeRef, modelName: string, version: string): string {
  return scope.kind === 'registry'
    ? formatRegistryAssetId(scope.name, modelName, version)
    : formatModelVersionArmId(scope, modelName, version);
}

/** Formats a parsed reference back to its (canonically cased) spelling; `parseAssetRef(formatAssetRef(r))` equals `r`. */
export function formatAssetRef(ref: AssetRef): string {
  switch (ref.kind) {
    case 'arm': {
      const base = `${formatScopeArmId(ref.scope)}/${ref.collection}/${ref.name}${ref.version !== undefined ? `/versions/${ref.version}` : ''}`;
      return ref.isPrefixed ? `azureml:${base}` : base;
    }
    case 'nameVersion':
      return formatShortAssetId(ref.name, ref.version);
    case 'nameLabel':
      return `azureml:${ref.name}@${ref.label}`;
    case 'registryAsset':
      return `azureml://registries/${ref.registryName}/${ref.collection}/${ref.name}/versions/${ref.version}`;
    case 'locationAsset':
      return `azureml://locations/${ref.region}/workspaces/${ref.workspaceGuid}/${ref.collection}/${ref.name}/versions/${ref.version}`;
    case 'datastorePath':
      return ref.workspace
        ? `azureml://subscriptions/${ref.workspace.subscriptionId}/resourceGroups/${ref.workspace.resourceGroup}/workspaces/${ref.workspace.workspaceName}/datastores/${ref.datastore}/paths/${ref.path}`
        : `azureml://datastores/${ref.datastore}/paths/${ref.path}`;
    case 'jobOutput':
      return `azureml://jobs/${ref.jobName}/outputs/${ref.outputName}/paths/${ref.path}`;
    case 'runOutput':
      return `azureml://datastores/${ref.datastore}/${ref.path}`;
    case 'mlflowRun':
      return `runs:/${ref.runId}/${ref.path}`;
  }
}
