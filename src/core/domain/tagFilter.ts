/**
 * Tag filters typed by a user (`env=prod, approved`) ⇄ the `tags` query parameter of the model-version list
 * (`env=prod,approved`: comma-separated names with optional `=value`, reference §1.6).
 * The wire format has no escaping, so `,` and `=` cannot appear inside a key or value.
 */
import type { TagFilter } from '../ports/catalog';

export type TagFilterParse =
  | { readonly ok: true; readonly filters: readonly TagFilter[] }
  | { readonly ok: false; readonly message: string };

function parseEntry(entry: string): TagFilter | string {
  const parts = entry.split('=');
  if (parts.length > 2) {
    return `"${entry}" has more than one "=". Write key=value; a tag filter cannot contain "=" in its value.`;
  }
  const key = parts[0]!.trim();
  if (!key) return `"${entry}" has no tag name before "=". Write key=value, or just key to match any value.`;
  if (parts.length === 1) return { key };
  const value = parts[1]!.trim();
  if (!value) return `"${entry}" has "=" but no value. Write ${key}=value, or just ${key} to match any value.`;
  return { key, value };
}

/**
 * Parses `key`, `key=value`, comma-separated, whitespace around names and values ignored. Empty entries
 * (a trailing comma, `a,,b`) are skipped. An empty text means no filter.
 */
export function parseTagFilters(text: string): TagFilterParse {
  const filters: TagFilter[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    filters.push(parsed);
  }
  return { ok: true, filters };
}

/** The `tags` query value, or undefined when there is nothing to filter on. */
export function formatTagQuery(filters: readonly TagFilter[] | undefined): string | undefined {
  if (!filters || filters.length === 0) return undefined;
  for (const f of filters) {
    if (!f.key || /[,=]/.test(f.key) || (f.value !== undefined && /[,=]/.test(f.value))) {
      throw new RangeError(`Tag filter ${JSON.stringify(f)} cannot be sent: names and values may not be empty or contain "," or "=".`);
    }
  }
  return filters.map((f) => (f.value === undefined ? f.key : `${f.key}=${f.value}`)).join(',');
}
