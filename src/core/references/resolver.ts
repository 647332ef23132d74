/**
 * Resolution of model references for hovers, CodeLenses and diagnostics: cached (TTL + explicit refresh) and
 * batched. Lookups are grouped per model: every reference to any version of one model — in any number of files, in
 * the same tick — costs one model read (container + recent versions), however many times it is asked for; a second
 * ask while the read is in flight joins it. Versions older than the recent page are fetched one by one, batched the
 * same way. Pure apart from timers.
 */
import type { ScopeRef } from '../domain/ids';
import type { ModelContainer, ModelVersion } from '../domain/model';
import { compareVersions } from '../domain/versionOrder';
import type { ModelAssetRef } from './recognise';

/** Where a model lives: a workspace/registry with ARM coordinates, or a registry known only by name. */
export type ModelLocation =
  | { readonly kind: 'scope'; readonly scope: ScopeRef }
  | { readonly kind: 'registryName'; readonly registryName: string };

export interface ModelKey {
  readonly location: ModelLocation;
  readonly modelName: string;
}

/** What the adapter side returns for one model. */
export type ModelSnapshot =
  | {
    readonly status: 'found';
    readonly container: ModelContainer;
    /** Every version read so far (recent page + individually requested), by version string. */
    readonly versions: ReadonlyMap<string, ModelVersion>;
    /** Versions asked for that do not exist. */
    readonly missing: ReadonlySet<string>;
  }
  | { readonly status: 'modelMissing' }
  | { readonly status: 'error'; readonly message: string };

/** Reads one model: the container, the recent versions, and `wanted` versions not among them. */
export type ModelLoader = (key: ModelKey, wanted: readonly string[], previous: ModelSnapshot | undefined) => Promise<ModelSnapshot>;

/** The workspace a short spelling (`azureml:m:1`) is relative to, and GUID → workspace for location ids. */
export interface ResolveContext {
  readonly workspace?: ScopeRef;
  readonly workspaceByGuid?: (guid: string) => ScopeRef | undefined;
}

export type ReferenceResolution =
  | { readonly status: 'found'; readonly key: ModelKey; readonly version: ModelVersion; readonly container: ModelContainer; readonly viaLabel?: string; readonly newer: readonly ModelVersion[] }
  | { readonly status: 'versionMissing'; readonly key: ModelKey; readonly version: string; readonly container: ModelContainer; readonly latest?: string }
  | { readonly status: 'modelMissing'; readonly key: ModelKey }
  | { readonly status: 'noWorkspace'; readonly modelName: string }
  | { readonly status: 'unresolvable'; readonly reason: string }
  | { readonly status: 'error'; readonly key: ModelKey; readonly message: string };

/** The model a reference names and the version (or label) it wants, or why it cannot be located. */
export function locateReference(ref: ModelAssetRef, context: ResolveContext):
  | { readonly key: ModelKey; readonly version?: string; readonly label?: string }
  | { readonly status: 'noWorkspace' | 'unresolvable'; readonly reason: string; readonly modelName: string } {
  switch (ref.kind) {
    case 'arm':
      if (ref.version === undefined) return { key: { location: { kind: 'scope', scope: ref.scope }, modelName: ref.name }, label: 'latest' };
      return { key: { location: { kind: 'scope', scope: ref.scope }, modelName: ref.name }, version: ref.version };
    case 'registryAsset':
      return { key: { location: { kind: 'registryName', registryName: ref.registryName }, modelName: ref.name }, version: ref.version };
    case 'locationAsset': {
      const ws = context.workspaceByGuid?.(ref.workspaceGuid);
      if (!ws) return { status: 'unresolvable', reason: `No workspace you can see has the id ${ref.workspaceGuid}.`, modelName: ref.name };
      return { key: { location: { kind: 'scope', scope: ws }, modelName: ref.name }, version: ref.version };
    }
    case 'nameVersion':
    case 'nameLabel':
      if (!context.workspace) return { status: 'noWorkspace', reason: 'No workspace is chosen for this folder.', modelName: ref.name };
      return ref.kind === 'nameVersion'
        ? { key: { location: { kind: 'scope', scope: context.workspace }, modelName: ref.name }, version: ref.version }
        : { key: { location: { kind: 'scope', scope: context.workspace }, modelName: ref.name }, label: ref.label };
  }
}

export function modelKeyString(key: ModelKey): string {
  const l = key.location;
  const where = l.kind === 'registryName'
    ? `registry:${l.registryName.toLowerCase()}`
    : `${l.scope.kind}:${l.scope.subscriptionId.toLowerCase()}/${l.scope.resourceGroup.toLowerCase()}/${l.scope.name.toLowerCase()}`;
  return `${where}/${key.modelName}`;
}

interface CacheEntry {
  snapshot?: ModelSnapshot;
  at: number;
  inFlight?: Promise<ModelSnapshot>;
  /** Versions queued for the next read. */
  queued: Set<string>;
  flushScheduled: boolean;
}

export interface ResolverOptions {
  /** How long a model read is reused (default 5 minutes). Errors are kept 15 s so a broken file does not hammer. */
  readonly ttlMs?: number;
  readonly errorTtlMs?: number;
  readonly now?: () => number;
}

function timeOf(v: ModelVersion): number {
  return v.createdAt?.getTime() ?? 0;
}

export class ReferenceResolver {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly now: () => number;
  /** Number of loader calls, for tests and the log. */
  loads = 0;

  constructor(private readonly loader: ModelLoader, options: ResolverOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.errorTtlMs = options.errorTtlMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** Forgets everything (the Refresh command) or one model (after this extension changed it). */
  refresh(key?: ModelKey): void {
    if (key) this.entries.delete(modelKeyString(key));
    else this.entries.clear();
  }

  async resolve(ref: ModelAssetRef, context: ResolveContext): Promise<ReferenceResolution> {
    const located = locateReference(ref, context);
    if ('status' in located) {
      return located.status === 'noWorkspace' ? { status: 'noWorkspace', modelName: located.modelName } : { status: 'unresolvable', reason: located.reason };
    }
    const { key } = located;
    const snapshot = await this.snapshot(key, located.version);
    if (snapshot.status === 'modelMissing') return { status: 'modelMissing', key };
    if (snapshot.status === 'error') return { status: 'error', key, message: snapshot.message };
    const all = [...snapshot.versions.values()];
    let versionName = located.version;
    if (versionName === undefined) {
      // A label: `latest` = the newest version (container.latestVersion when the service sends it).
      versionName = snapshot.container.latestVersion ?? all.filter((v) => !v.isArchived).sort((a, b) => timeOf(b) - timeOf(a) || compareVersions(b.version, a.version))[0]?.version;
      if (versionName === undefined) return { status: 'versionMissing', key, version: `@${located.label ?? 'latest'}`, container: snapshot.container };
      if (!snapshot.versions.has(versionName)) {
        const again = await this.snapshot(key, versionName);
        if (again.status !== 'found') return again.status === 'modelMissing' ? { status: 'modelMissing', key } : { status: 'error', key, message: again.message };
        return this.found(key, again, versionName, located.label);
      }
    }
    return this.found(key, snapshot, versionName, located.label);
  }

  private found(key: ModelKey, snapshot: Extract<ModelSnapshot, { status: 'found' }>, versionName: string, label: string | undefined): ReferenceResolution {
    const version = snapshot.versions.get(versionName);
    if (!version) {
      return { status: 'versionMissing', key, version: versionName, container: snapshot.container, ...(snapshot.container.latestVersion ? { latest: snapshot.container.latestVersion } : {}) };
    }
    const newer = [...snapshot.versions.values()]
      .filter((v) => !v.isArchived && v.version !== version.version && (timeOf(v) > timeOf(version) || (timeOf(v) === timeOf(version) && compareVersions(v.version, version.version) > 0)))
      .sort((a, b) => timeOf(b) - timeOf(a) || compareVersions(b.version, a.version));
    return { status: 'found', key, version, container: snapshot.container, newer, ...(label ? { viaLabel: label } : {}) };
  }

  /** The model's snapshot, containing `version` (or knowing it is missing); reads at most once per tick per model. */
  private snapshot(key: ModelKey, version: string | undefined): Promise<ModelSnapshot> {
    const id = modelKeyString(key);
    let entry = this.entries.get(id);
    const now = this.now();
    if (entry?.snapshot && !entry.inFlight) {
      const ttl = entry.snapshot.status === 'error' ? this.errorTtlMs : this.ttlMs;
      if (now - entry.at > ttl) {
        this.entries.delete(id);
        entry = undefined;
      }
    }
    if (entry?.snapshot && !entry.inFlight && covers(entry.snapshot, version)) return Promise.resolve(entry.snapshot);
    if (!entry) {
      entry = { at: now, queued: new Set(), flushScheduled: false };
      this.entries.set(id, entry);
    }
    const current = entry;
    if (current.inFlight && !current.flushScheduled) {
      // A read is running: if it will cover this version, join it; else queue a follow-up read after it.
      return current.inFlight.then((s) => (covers(s, version) ? s : this.snapshot(key, version)));
    }
    if (version !== undefined) current.queued.add(version);
    if (!current.flushScheduled) {
      current.flushScheduled = true;
      current.inFlight = new Promise<void>((r) => setTimeout(r, 0)).then(async () => {
        current.flushScheduled = false;
        const wanted = [...current.queued];
        current.queued.clear();
        this.loads++;
        let result: ModelSnapshot;
        try {
          result = await this.loader(key, wanted, current.snapshot);
        } catch (error) {
          result = { status: 'error', message: error instanceof Error ? error.message : String(error) };
        }
        if (result.status === 'found') {
          // Every version asked for ends up known: present, or missing (so no caller waits for it again).
          const missing = new Set(result.missing);
          for (const w of wanted) if (!result.versions.has(w)) missing.add(w);
          result = { ...result, missing };
        }
        current.snapshot = result;
        current.at = this.now();
        current.inFlight = undefined;
        return result;
      });
    }
    return current.inFlight!.then((s) => (covers(s, version) || s.status !== 'found' ? s : this.snapshot(key, version)));
  }
}

function covers(snapshot: ModelSnapshot, version: string | undefined): boolean {
  if (snapshot.status !== 'found') return true;
  return version === undefined || snapshot.versions.has(version) || snapshot.missing.has(version);
}
