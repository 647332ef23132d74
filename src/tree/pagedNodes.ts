import type { PagedState } from './pagedChildren';
import { LoadMoreNode } from './nodes/LoadMoreNode';
import { MessageNode } from './nodes/MessageNode';
import type { PageableNode, TreeNode } from './TreeNode';

/**
 * The children of a pageable node: the item nodes, then an error leaf if the last request failed, then
 * "Load more…" while the server has more. `emptyLabel` is shown when there is nothing else to show.
 */
export function withPagingNodes(owner: PageableNode, state: PagedState<unknown>, itemNodes: TreeNode[], emptyLabel: string): TreeNode[] {
  const children = [...itemNodes];
  if (state.error) children.push(MessageNode.error(owner, state.error));
  else if (state.hasMore) children.push(new LoadMoreNode(owner));
  if (children.length === 0 || (itemNodes.length === 0 && !state.error)) children.unshift(MessageNode.empty(owner, emptyLabel));
  return children;
}
