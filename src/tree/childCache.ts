import type { TreeNode } from './TreeNode';

/**
 * Keeps child node objects stable across re-renders: VS Code hands our own objects back to `getChildren`, and
 * the caches (pages, filters) live on them, so a re-render must return the same instance for the same id.
 */
export class ChildCache<T extends TreeNode> {
  private nodes = new Map<string, T>();

  /**
   * Returns the cached node for each item's id, creating it the first time; forgets ids no longer present. A
   * duplicate id (malformed service data) is shown once, because VS Code rejects two tree items with one id.
   */
  reconcile<I>(items: readonly I[], idOf: (item: I) => string, create: (item: I) => T): T[] {
    const next = new Map<string, T>();
    for (const item of items) {
      const id = idOf(item);
      if (!next.has(id)) next.set(id, this.nodes.get(id) ?? create(item));
    }
    this.nodes = next;
    return [...next.values()];
  }

  clear(): void {
    this.nodes.clear();
  }
}
