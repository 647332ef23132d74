/**
 * Read and change deployments. Reads feed the deployed-where index; changes execute a pure plan
 * (core/deployments/rollbackPlan.ts) and report one of a few outcomes, never a half-known state.
 */
import type { ScopeRef } from '../domain/ids';
import type { ModelVersion } from '../domain/model';
import type { ManifestEntry } from '../deployments/compareText';
import type { HistoryEntry } from '../deployments/history';
import type { ChangePlan } from '../deployments/rollbackPlan';
import type { OnlineDeployment, OnlineEndpoint, TrafficMap, WorkspaceDeployments } from '../deployments/types';
import type { CallOptions } from './catalog';

export type ChangeProgress =
  | { readonly phase: 'sending' }
  | { readonly phase: 'started'; readonly operationUrl?: string }
  | { readonly phase: 'polling'; readonly status: string; readonly elapsedMs: number }
  | { readonly phase: 'verifying'; readonly attempt: number };

export interface ChangeOptions extends CallOptions {
  /** Who made the change (recorded in the history tags). */
  readonly who: string;
  readonly reason?: string;
  /** Stop watching after this long and report `inProgress` (default 15 minutes). */
  readonly maxWaitMs?: number;
  /** Overrides the service's Retry-After between polls (tests). */
  readonly pollIntervalMs?: number;
  readonly onProgress?: (progress: ChangeProgress) => void;
}

/** What is there now, read back after a change (or after a failure, to say exactly what the state is). */
export interface ObservedState {
  readonly endpoint?: OnlineEndpoint;
  readonly deployment?: OnlineDeployment;
}

export type ChangeOutcome =
  /** Applied, read back and matching the plan; recorded as `entry`. */
  | { readonly status: 'succeeded'; readonly entry: HistoryEntry; readonly operationUrl?: string; readonly observed: ObservedState }
  /** The operation ended Failed/Canceled; `stateUnchanged` says whether the read-back equals the state before. */
  | { readonly status: 'failed'; readonly message: string; readonly code?: string; readonly operationUrl?: string; readonly stateUnchanged: boolean | undefined; readonly observed: ObservedState }
  /** The client stopped watching (time budget or user cancel); the service operation goes on. */
  | { readonly status: 'inProgress'; readonly reason: 'timeout' | 'cancelled'; readonly operationUrl: string }
  /** The operation succeeded but the read-back never matched within the retries. */
  | { readonly status: 'unverified'; readonly message: string; readonly operationUrl?: string; readonly observed: ObservedState };

export interface DeploymentsPort {
  /** Online endpoints + deployments and batch endpoints + deployments of a workspace, in ≤ 2 rounds of parallel requests. */
  readWorkspace(workspace: ScopeRef, options?: CallOptions): Promise<WorkspaceDeployments>;
  getEndpoint(workspace: ScopeRef, endpointName: string, options?: CallOptions): Promise<OnlineEndpoint>;
  listOnlineDeployments(workspace: ScopeRef, endpointName: string, options?: CallOptions): Promise<OnlineDeployment[]>;
  /** Executes a plan: re-reads the resource, writes the change and the history record in one PUT, watches, verifies. */
  execute(plan: ChangePlan, options: ChangeOptions): Promise<ChangeOutcome>;
  /** Keeps watching an operation a previous `execute` left `inProgress`, then verifies like `execute`. */
  resume(plan: ChangePlan, operationUrl: string, options: ChangeOptions): Promise<ChangeOutcome>;
  /** Sets an endpoint's traffic (full map; validated before sending; mirror traffic preserved). */
  setTraffic(workspace: ScopeRef, endpointName: string, traffic: TrafficMap, options: ChangeOptions): Promise<ChangeOutcome>;
}

export interface ArtifactManifestPort {
  /** Files of a version's artifact (path relative to the model folder, size, Content-MD5), from a blob listing. */
  listArtifactFiles(version: ModelVersion, options?: CallOptions): Promise<ManifestEntry[]>;
}
