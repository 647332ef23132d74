/**
 * Live tree nodes by id, so a change made from the palette, a hover or the details panel can refresh exactly the
 * nodes it affects (the version, or its model's version list) instead of the whole tree. Weak references: nodes
 * that VS Code and their parents dropped are collected as usual.
 */
import type { TreeNode } from './TreeNode';

const nodes = new Map<string, WeakRef<TreeNode>>();

export function trackNode(node: TreeNode): void {
  nodes.set(node.id, new WeakRef(node));
}

export function findNode(id: string): TreeNode | undefined {
  const node = nodes.get(id)?.deref();
  if (!node) nodes.delete(id);
  return node;
}

/** Every tracked node still alive (the latest instance per id), e.g. to find the version nodes a change affects. */
export function* trackedNodes(): IterableIterator<TreeNode> {
  for (const [id, ref] of nodes) {
    const node = ref.deref();
    if (node) yield node;
    else nodes.delete(id);
  }
}
