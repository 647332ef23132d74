/**
 * Cached deployed-where reads, per workspace, refreshed only when asked (the Refresh command, or after a change
 * this extension made). Concurrent callers share one read. `current()` is the last index built, for synchronous
 * consumers such as tree decorations.
 */
import { armIdKey, formatScopeArmId, type ScopeRef } from '../domain/ids';
import type { CallOptions } from '../ports/catalog';
import { buildDeploymentIndex, type DeploymentIndex } from './deployedIndex';
import type { ReferenceContext } from './modelReference';
import type { WorkspaceDeployments } from './types';

export type WorkspaceReader = (workspace: ScopeRef, options?: CallOptions) => Promise<WorkspaceDeployments>;

export class DeploymentIndexCache {
  private readonly reads = new Map<string, Promise<WorkspaceDeployments>>();
  private latest: DeploymentIndex | undefined;

  constructor(private readonly read: WorkspaceReader) {}

  private key(ws: ScopeRef): string {
    return armIdKey(formatScopeArmId({ ...ws, kind: 'workspace' }));
  }

  workspace(ws: ScopeRef, options?: CallOptions): Promise<WorkspaceDeployments> {
    const key = this.key(ws);
    let pending = this.reads.get(key);
    if (!pending) {
      pending = this.read(ws, options);
      this.reads.set(key, pending);
      // A failed read is not cached: the next call tries again.
      pending.catch(() => this.reads.get(key) === pending && this.reads.delete(key));
    }
    return pending;
  }

  /** The index over `workspaces` (each read once, in parallel, then cached). */
  async index(workspaces: readonly ScopeRef[], workspaceByGuid?: ReferenceContext['workspaceByGuid'], options?: CallOptions): Promise<DeploymentIndex> {
    const all = await Promise.all(workspaces.map((ws) => this.workspace(ws, options)));
    this.latest = buildDeploymentIndex(all, workspaceByGuid);
    return this.latest;
  }

  current(): DeploymentIndex | undefined {
    return this.latest;
  }

  /** Forgets one workspace (after a change there) or everything. */
  invalidate(ws?: ScopeRef): void {
    if (ws) this.reads.delete(this.key(ws));
    else {
      this.reads.clear();
      this.latest = undefined;
    }
  }
}
