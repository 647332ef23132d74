import { randomUUID } from 'node:crypto';
import type { FaultInjector } from '../faults';
import { PROVIDER } from '../state/ids';
import { azureTimestamp, UNSET_TIMESTAMP } from '../state/time';

/**
 * Long-running operations the way Azure ML's management front end runs them: the PUT/PATCH/DELETE answers at once
 * with `Azure-AsyncOperation` (an `mfeOperationsStatus` URL) and/or `Location` (an `mfeOperationResults` URL); the
 * status body reports the non-standard in-progress value `Updating` for a configurable number of polls, then a
 * terminal status. The resource change is applied when the operation finishes (`finish`).
 */
export type OperationOutcome = 'Succeeded' | 'Failed';

interface Operation {
  name: string;
  subscriptionId: string;
  location: string;
  startTime: string;
  endTime: string;
  inProgressPollsLeft: number;
  plannedOutcome: OperationOutcome | 'Never';
  failureMessage: string;
  status: 'Updating' | OperationOutcome;
  finish: (outcome: OperationOutcome) => void;
}

export interface StartedOperation {
  /** Absolute `mfeOperationsStatus` URL (for `Azure-AsyncOperation`). */
  statusUrl: string;
  /** Absolute `mfeOperationResults` URL (for `Location` on PATCH/DELETE). */
  resultUrl: string;
}

export interface OperationStart {
  baseUrl: string;
  apiVersion: string;
  subscriptionId: string;
  location: string;
  /** Prefix Azure ML uses in operation names: `oeidp` online endpoint, `odidp` online deployment, ... */
  kind: string;
  /** Workspace GUID (or registry name) the operation belongs to. */
  scopeId: string;
  finish: (outcome: OperationOutcome) => void;
}

/** Poll hint sent while an operation runs; small so tests are quick, still a real `Retry-After`. */
export const POLL_RETRY_AFTER_SECONDS = '1';

export class LroStore {
  private readonly operations = new Map<string, Operation>();

  constructor(private readonly faults: FaultInjector) {}

  start(start: OperationStart): StartedOperation {
    const name = `${start.kind}:${start.scopeId}:${randomUUID()}`;
    const op: Operation = {
      name,
      subscriptionId: start.subscriptionId,
      location: start.location,
      startTime: azureTimestamp(),
      endTime: UNSET_TIMESTAMP,
      inProgressPollsLeft: this.faults.lroInProgressPolls,
      plannedOutcome: this.faults.lroOutcome,
      failureMessage: this.faults.lroFailureMessage,
      status: 'Updating',
      finish: start.finish,
    };
    this.operations.set(name.toLowerCase(), op);
    const base = `${start.baseUrl}/subscriptions/${start.subscriptionId}/providers/${PROVIDER}/locations/${start.location}`;
    const query = `?api-version=${encodeURIComponent(start.apiVersion)}`;
    return {
      statusUrl: `${base}/mfeOperationsStatus/${name}${query}`,
      resultUrl: `${base}/mfeOperationResults/${name}${query}`,
    };
  }

  /** The operation-status body after one more poll, or undefined for an unknown operation. */
  pollStatus(name: string): Record<string, unknown> | undefined {
    const op = this.advance(name);
    if (!op) return undefined;
    const body: Record<string, unknown> = {
      id: `/subscriptions/${op.subscriptionId}/providers/${PROVIDER}/locations/${op.location}/mfeOperationsStatus/${op.name}`,
      name: op.name,
      startTime: op.startTime,
      endTime: op.endTime,
      percentComplete: op.status === 'Updating' ? 0 : 100,
      status: op.status,
    };
    if (op.status === 'Failed') body.error = { code: 'OperationFailed', message: op.failureMessage };
    return body;
  }

  /** State after one more poll of the `Location` (operation result) URL. */
  pollResult(name: string): 'running' | OperationOutcome | undefined {
    const op = this.advance(name);
    if (!op) return undefined;
    return op.status === 'Updating' ? 'running' : op.status;
  }

  failureMessage(name: string): string {
    return this.operations.get(name.toLowerCase())?.failureMessage ?? '';
  }

  clear(): void {
    this.operations.clear();
  }

  private advance(name: string): Operation | undefined {
    const op = this.operations.get(name.toLowerCase());
    if (!op || op.status !== 'Updating' || op.plannedOutcome === 'Never') return op;
    if (op.inProgressPollsLeft > 0) {
      op.inProgressPollsLeft--;
      return op;
    }
    op.status = op.plannedOutcome;
    op.endTime = azureTimestamp();
    op.finish(op.status);
    return op;
  }
}
