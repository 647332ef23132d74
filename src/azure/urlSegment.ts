/**
 * Names and versions placed in ARM URL paths. `encodeURIComponent` leaves `.` and `..` as they are, and URL parsing
 * then collapses them: `getVersion(ws, '..', '..')` would read the workspace itself, and a curation PUT would write
 * to the wrong resource. Every URL builder in src/azure passes service- or user-provided names through here.
 */
import { isDotSegment, machineLearningProvider, type ScopeRef } from '../core/domain/ids';
import { InventoryError } from '../core/errors';
import { printable } from '../core/printable';

/** `value` unchanged, or a validation error when it is empty or `.`/`..` (however percent-encoded). */
export function checkedName(value: string, what: string): string {
  if (value === '' || isDotSegment(value)) {
    throw new InventoryError('validation', `${what} ${printable(value)} is not a valid name: it would change which resource the request addresses.`, { code: 'InvalidName' });
  }
  return value;
}

/** A checked name, percent-encoded for one URL path segment. */
export function pathSegment(value: string, what: string): string {
  return encodeURIComponent(checkedName(value, what));
}

/** `<endpoint>/subscriptions/…/providers/Microsoft.MachineLearningServices/<workspaces|registries>/<name>`, every part checked. */
export function scopeUrl(endpoint: string, scope: ScopeRef): string {
  const [sub, rg, name] = [scope.subscriptionId, scope.resourceGroup, scope.name].map((part) => pathSegment(part, 'Scope name'));
  return `${endpoint}/subscriptions/${sub}/resourceGroups/${rg}/providers/${machineLearningProvider}/${scope.kind === 'workspace' ? 'workspaces' : 'registries'}/${name}`;
}
