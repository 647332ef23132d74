import type { ArmContext } from './context';
import { validationError } from './errors';

/** Query filters shared by Azure ML asset lists. */

export type ListViewType = 'ActiveOnly' | 'ArchivedOnly' | 'All';

/** `listViewType`, default ActiveOnly (archived assets are hidden unless asked for). */
export function listViewTypeOf(ctx: ArmContext): ListViewType {
  const raw = ctx.query.get('listViewType');
  if (raw === null) return 'ActiveOnly';
  const match = (['ActiveOnly', 'ArchivedOnly', 'All'] as const).find((v) => v.toLowerCase() === raw.toLowerCase());
  if (!match) throw validationError(`Invalid listViewType '${raw}'. Allowed values: ActiveOnly, ArchivedOnly, All.`);
  return match;
}

export function passesListView(isArchived: boolean, view: ListViewType): boolean {
  return view === 'All' || (view === 'ArchivedOnly' ? isArchived : !isArchived);
}

/**
 * `tags` / `properties` filters: comma-separated `key` (must exist) or `key=value` (must equal).
 * Keys match case-insensitively, values exactly.
 */
export function passesKeyValueFilter(filter: string | null, dict: Record<string, string> | null | undefined): boolean {
  if (!filter) return true;
  const entries = Object.entries(dict ?? {});
  return filter
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .every((term) => {
      const eq = term.indexOf('=');
      const key = (eq < 0 ? term : term.slice(0, eq)).toLowerCase();
      const found = entries.find(([k]) => k.toLowerCase() === key);
      return found !== undefined && (eq < 0 || found[1] === term.slice(eq + 1));
    });
}

export type Ordering = 'asc' | 'desc';

/** `$orderBy=createdtime desc|asc` (the values azure-ai-ml sends); anything else is rejected like the service does. */
export function createdTimeOrdering(ctx: ArmContext, fallback: Ordering): Ordering {
  const raw = ctx.query.get('$orderBy') ?? ctx.query.get('orderBy');
  if (raw === null) return fallback;
  const m = /^\s*createdtime(?:\s+(asc|desc))?\s*$/i.exec(raw);
  if (!m) throw validationError(`Unsupported $orderBy '${raw}'. Supported: 'createdtime asc', 'createdtime desc'.`);
  return (m[1]?.toLowerCase() as Ordering | undefined) ?? 'asc';
}

export function byCreatedAt<T extends { systemData: { createdAt: string } }>(order: Ordering): (a: T, b: T) => number {
  const sign = order === 'asc' ? 1 : -1;
  return (a, b) => sign * a.systemData.createdAt.localeCompare(b.systemData.createdAt);
}
