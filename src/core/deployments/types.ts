/**
 * Deployments as the deployed-where index, compare and rollback need them. Plain data, no SDK types.
 * Names of endpoints and deployments are case-insensitive in ARM (the traffic map may spell them differently
 * from the resource names); helpers below compare them that way.
 */
import type { ScopeRef } from '../domain/ids';
import type { StringMap } from '../domain/model';

/** Endpoint states: Creating|Deleting|Succeeded|Failed|Updating|Canceled; deployments add Scaling. */
export type ProvisioningState = string;

const terminalStates = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/** A state in which the service accepts a new update. An unknown (absent) state is not terminal. */
export function isTerminalState(state: ProvisioningState | undefined): boolean {
  return state !== undefined && terminalStates.has(state.toLowerCase());
}

/** Deployment name → integer percent. */
export type TrafficMap = Readonly<Record<string, number>>;

export interface OnlineEndpoint {
  readonly id: string;
  readonly name: string;
  /** The workspace the endpoint lives in. */
  readonly workspace: ScopeRef;
  readonly location?: string;
  readonly provisioningState?: ProvisioningState;
  readonly traffic: TrafficMap;
  readonly mirrorTraffic: TrafficMap;
  readonly authMode?: string;
  readonly scoringUri?: string;
  readonly tags: StringMap;
}

export interface OnlineDeployment {
  readonly id: string;
  readonly name: string;
  readonly endpointName: string;
  readonly workspace: ScopeRef;
  /** `properties.model` exactly as the service returned it (any spelling), or undefined (custom container). */
  readonly model?: string;
  readonly provisioningState?: ProvisioningState;
  readonly tags: StringMap;
  readonly instanceType?: string;
  readonly createdAt?: Date;
  readonly lastModifiedAt?: Date;
  readonly lastModifiedBy?: string;
}

export interface BatchEndpoint {
  readonly id: string;
  readonly name: string;
  readonly workspace: ScopeRef;
  readonly provisioningState?: ProvisioningState;
  readonly defaultDeployment?: string;
}

/** Read-only: batch deployments are listed in the index, never changed. */
export interface BatchDeployment {
  readonly id: string;
  readonly name: string;
  readonly endpointName: string;
  readonly workspace: ScopeRef;
  /** `assetId` of an `Id` reference; a `DataPath`/`OutputPath` reference is rendered as text and stays unresolved. */
  readonly model?: string;
  readonly modelReferenceType?: string;
  readonly provisioningState?: ProvisioningState;
  readonly tags: StringMap;
}

/** Everything deployed in one workspace, as read in one index pass. */
export interface WorkspaceDeployments {
  readonly workspace: ScopeRef;
  readonly onlineEndpoints: readonly OnlineEndpoint[];
  readonly onlineDeployments: readonly OnlineDeployment[];
  readonly batchEndpoints: readonly BatchEndpoint[];
  readonly batchDeployments: readonly BatchDeployment[];
  readonly readAt: Date;
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The share of `deploymentName` in a traffic map (names compared case-insensitively); 0 when absent. */
export function shareOf(map: TrafficMap, deploymentName: string): number {
  for (const [name, value] of Object.entries(map)) if (sameName(name, deploymentName)) return value;
  return 0;
}

export function deploymentsOf(endpoint: Pick<OnlineEndpoint, 'name'>, all: readonly OnlineDeployment[]): OnlineDeployment[] {
  return all.filter((d) => sameName(d.endpointName, endpoint.name));
}
