/**
 * The protocol of the model-version details panel: view model, method maps and the persisted webview state.
 * The host always sends a whole snapshot (`state/replace`), so the webview never merges partial updates.
 */
import { isEnvelope, isRecord } from './envelope';
import type { CommandMessage, NotificationMessage, RequestMessage } from './envelope';

/** Which version a panel shows. Enough to refetch everything after a reload. */
export interface VersionIdentity {
  readonly scopeKind: 'workspace' | 'registry';
  /** ARM id of the workspace or registry. */
  readonly scopeId: string;
  readonly modelName: string;
  readonly version: string;
}

export interface NameValue {
  readonly name: string;
  readonly value: string;
}

export interface AssetIdRow {
  /** Opaque key the host understands (e.g. `armId`); echoed back in `assetId/copy`. */
  readonly spelling: string;
  readonly label: string;
  readonly value: string;
}

export interface FlavorView {
  readonly name: string;
  readonly data: readonly NameValue[];
}

export interface VersionDetailsView {
  readonly modelName: string;
  readonly version: string;
  readonly modelType: string;
  readonly stage?: string;
  readonly description?: string;
  readonly isArchived: boolean;
  /** e.g. `Workspace ws-fraud-prod` or `Registry shared-models`. */
  readonly location: string;
  readonly tags: readonly NameValue[];
  readonly properties: readonly NameValue[];
  readonly flavors: readonly FlavorView[];
  readonly modelUri?: string;
  readonly assetIds: readonly AssetIdRow[];
  /** ISO 8601 timestamps; the webview formats them in the user's locale. */
  readonly createdAt?: string;
  readonly createdBy?: string;
  readonly modifiedAt?: string;
  readonly modifiedBy?: string;
  /** The approval convention's tag (`amlInventory.approvalTagKey`) and its value, when the version has it. */
  readonly approval?: { readonly key: string; readonly value: string };
}

export interface JobIoView {
  readonly name: string;
  readonly type: string;
  /** URI, literal value or mode; whatever describes the binding best. */
  readonly value: string;
}

export interface JobView {
  readonly name: string;
  readonly displayName?: string;
  readonly experimentName?: string;
  readonly status?: string;
  readonly jobType?: string;
  readonly createdAt?: string;
  readonly inputs: readonly JobIoView[];
  readonly outputs: readonly JobIoView[];
}

export type LineageView =
  | { readonly status: 'none' }
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'loading'; readonly jobName: string }
  | { readonly status: 'error'; readonly jobName: string; readonly message: string }
  | { readonly status: 'ready'; readonly job: JobView };

export interface DeploymentView {
  readonly endpoint: string;
  readonly deployment: string;
  readonly kind: 'online' | 'batch';
  /** Workspace the endpoint lives in. */
  readonly workspace: string;
  /** Share of the endpoint's traffic, 0–100, when known (online). */
  readonly trafficPercent?: number;
  /** Share of mirrored traffic, when any. */
  readonly mirrorPercent?: number;
  readonly provisioningState?: string;
  /** The same line as the tree tooltip, e.g. "fraud-online/blue — 90 % traffic". */
  readonly summary: string;
}

/** One recorded rollback (from the history tags on an endpoint or deployment). */
export interface RollbackHistoryView {
  readonly endpoint: string;
  /** Where it is recorded: `endpoint` or `endpoint/deployment`. */
  readonly recordedOn: string;
  readonly seq: number;
  /** ISO 8601. */
  readonly at: string;
  /** `swap`, `shift`, `undo-swap` or `undo-shift`. */
  readonly action: string;
  /** Sequence number of the rollback this entry undid. */
  readonly undoes?: number;
  readonly who: string;
  readonly reason?: string;
  /** Previous model reference or traffic map, and the new one. */
  readonly from: string;
  readonly to: string;
}

/**
 * `unknown` when the deployed-where index cannot be built (e.g. not signed in), `loading` while it is read, then
 * `ready` with possibly no rows. `history`: rollbacks recorded on the endpoints that serve (or served) the version.
 */
export type DeploymentsView =
  | { readonly status: 'unknown'; readonly reason?: string }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly rows: readonly DeploymentView[]; readonly history: readonly RollbackHistoryView[] };

export interface ModelVersionSnapshot {
  readonly identity: VersionIdentity;
  readonly status: 'loading' | 'ready' | 'error';
  readonly errorMessage?: string;
  readonly details?: VersionDetailsView;
  readonly lineage: LineageView;
  readonly deployments: DeploymentsView;
}

/** Commands the webview sends (no reply). */
export interface ModelVersionCommands {
  ready: Record<string, never>;
  refresh: Record<string, never>;
  'studio/open': Record<string, never>;
  'job/open': Record<string, never>;
  /** Runs "Compare with Deployed…" on this version. */
  'deployment/compare': Record<string, never>;
  /** Runs "Roll Back Deployment…" with this version as the target ("deploy this version here instead"). */
  'deployment/rollback': Record<string, never>;
  /** Runs "Download Model Version…" on this version (the host asks for the folder). */
  'version/download': Record<string, never>;
}

/** Requests the webview sends and the result each one gets. */
export interface ModelVersionRequests {
  'assetId/copy': { params: { spelling: string }; result: { copied: boolean } };
  /**
   * Saves tags and description (the only mutable fields). The host validates again, writes, reads back and then
   * pushes a new snapshot; the result says how it went (never optimistic).
   */
  'metadata/save': { params: MetadataSaveParams; result: MetadataSaveResult };
  /** Archives or restores this version (the host confirms with a modal first). */
  'version/setArchived': { params: { archived: boolean }; result: { done: boolean } };
}

export interface MetadataSaveParams {
  readonly tags: readonly NameValue[];
  readonly description: string;
}

export type MetadataSaveResult =
  | { readonly status: 'saved' | 'unchanged' | 'conflict' | 'readBackDiffers' | 'failed'; readonly message: string }
  | { readonly status: 'invalid'; readonly problems: readonly string[] };

/** Limits of a save request the host accepts at all (the domain rules are checked after this). */
export const metadataSaveLimits = { tags: 500, key: 1000, value: 10_000, description: 20_000 } as const;

function isMetadataSaveParams(params: unknown): params is MetadataSaveParams {
  if (!isRecord(params) || Object.keys(params).length !== 2) return false;
  const { tags, description } = params;
  return typeof description === 'string' && description.length <= metadataSaveLimits.description
    && Array.isArray(tags) && tags.length <= metadataSaveLimits.tags
    && tags.every((t) => isRecord(t) && Object.keys(t).length === 2
      && typeof t['name'] === 'string' && t['name'].length <= metadataSaveLimits.key
      && typeof t['value'] === 'string' && t['value'].length <= metadataSaveLimits.value);
}

/** Notifications the host sends. */
export interface ModelVersionNotifications {
  'state/replace': ModelVersionSnapshot;
}

export type ModelVersionCommand = {
  [M in keyof ModelVersionCommands]: CommandMessage<M, ModelVersionCommands[M]>;
}[keyof ModelVersionCommands];

export type ModelVersionRequest = {
  [M in keyof ModelVersionRequests]: RequestMessage<M, ModelVersionRequests[M]['params']>;
}[keyof ModelVersionRequests];

export type ModelVersionNotification = {
  [M in keyof ModelVersionNotifications]: NotificationMessage<M, ModelVersionNotifications[M]>;
}[keyof ModelVersionNotifications];

/** Everything the host accepts from the panel. */
export type ModelVersionInbound = ModelVersionCommand | ModelVersionRequest;

const paramlessCommands: ReadonlySet<string> = new Set<keyof ModelVersionCommands>(['ready', 'refresh', 'studio/open', 'job/open', 'deployment/compare', 'deployment/rollback', 'version/download']);

function isEmptyParams(params: unknown): boolean {
  return isRecord(params) && Object.keys(params).length === 0;
}

/** Host-side guard: a well-formed message with a known method and valid params. */
export function isModelVersionInbound(value: unknown): value is ModelVersionInbound {
  if (!isEnvelope(value)) return false;
  if (value.kind === 'command') return paramlessCommands.has(value.method) && isEmptyParams(value.params);
  if (value.kind === 'request' && value.method === 'metadata/save') return isMetadataSaveParams(value.params);
  if (value.kind === 'request' && value.method === 'version/setArchived') {
    return isRecord(value.params) && Object.keys(value.params).length === 1 && typeof value.params['archived'] === 'boolean';
  }
  if (value.kind === 'request' && value.method === 'assetId/copy') {
    const params = value.params;
    return isRecord(params) && Object.keys(params).length === 1
      && typeof params['spelling'] === 'string' && params['spelling'].length <= 50;
  }
  return false;
}

/** Webview-side guard for what the host sends. */
export function isModelVersionHostMessage(value: unknown): value is ModelVersionNotification | { kind: 'response'; id: number } {
  if (!isEnvelope(value)) return false;
  if (value.kind === 'response') return true;
  return value.kind === 'notification' && value.method === 'state/replace' && isRecord(value.params)
    && isVersionIdentity(value.params['identity']);
}

export function isVersionIdentity(value: unknown): value is VersionIdentity {
  return isRecord(value)
    && (value['scopeKind'] === 'workspace' || value['scopeKind'] === 'registry')
    && isShortString(value['scopeId'], 1000) && value['scopeId'].startsWith('/subscriptions/')
    && isShortString(value['modelName'], 260)
    && isShortString(value['version'], 260);
}

function isShortString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

/** Bump when the persisted shape changes; older states are then dropped instead of misread. */
export const persistedStateVersion = 1;

/** What the webview keeps across reloads: identity and UI state, never fetched data. */
export interface PersistedPanelState {
  readonly v: typeof persistedStateVersion;
  readonly identity: VersionIdentity;
  readonly ui: {
    /** Ids of the sections the user collapsed. */
    readonly collapsed: readonly string[];
  };
}

export function isPersistedPanelState(value: unknown): value is PersistedPanelState {
  if (!isRecord(value) || value['v'] !== persistedStateVersion || !isVersionIdentity(value['identity'])) return false;
  const ui = value['ui'];
  return isRecord(ui) && Array.isArray(ui['collapsed']) && ui['collapsed'].length <= 50
    && ui['collapsed'].every((id) => isShortString(id, 50));
}
