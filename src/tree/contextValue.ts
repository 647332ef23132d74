/**
 * Tree item context values: `amlInventory:<kind>` plus sorted `+flag` modifiers (`amlInventory:modelVersion+archived+registry`).
 * package.json menus match them with regexes; test/unit/ui/manifest.test.ts checks every regex there matches something
 * built here, so this table is the whole contract. Free of `vscode` so it is unit-testable.
 */
import { contextValuePrefix } from '../constants';

/** Every node kind and the flags it may carry. */
export const nodeFlagsByKind = {
  subscription: [],
  workspacesGroup: [],
  registriesGroup: [],
  workspace: ['filtered'],
  registry: ['filtered'],
  model: ['archived', 'filtered', 'registry'],
  modelVersion: ['archived', 'deployed', 'hasJob', 'registry'],
  loadMore: [],
  message: ['error'],
} as const satisfies Record<string, readonly string[]>;

export type NodeKind = keyof typeof nodeFlagsByKind;
export type NodeFlag<K extends NodeKind> = (typeof nodeFlagsByKind)[K][number];

export function buildContextValue<K extends NodeKind>(kind: K, flags: Partial<Record<NodeFlag<K>, boolean>> = {}): string {
  const set = Object.entries(flags)
    .filter(([, on]) => on === true)
    .map(([flag]) => flag)
    .sort();
  return contextValuePrefix + kind + set.map((flag) => `+${flag}`).join('');
}
