/**
 * Editing the only mutable fields of a model version: tags and description. Pure: validation with the service's
 * rules (reusing the register checks for keys and values), the edit plan (a diff of before → after), detection of a
 * concurrent change (what we started from ≠ what is there now), rebasing non-overlapping edits, and the read-back
 * check after a write.
 */
import type { StringMap } from '../domain/model';
import { validateKeyValueMap } from '../register/validation';

/** Service limits we check before sending (tag keys/values: see register/validation.ts). */
export const metadataLimits = { descriptionLength: 5000, tagCount: 500 } as const;

/** What can be edited, as the user started from or wants. */
export interface VersionMetadata {
  readonly tags: StringMap;
  /** '' and undefined both mean "no description". */
  readonly description?: string;
}

/** The baseline of an edit: the metadata the user saw, and when the service last changed it. */
export interface EditBaseline extends VersionMetadata {
  /** ISO timestamp of `systemData.lastModifiedAt` as read, when the service sent one. */
  readonly lastModifiedAt?: string;
}

/** One row as the user typed it (webview table, input box): duplicates and empty keys are still possible here. */
export interface TagRow {
  readonly key: string;
  readonly value: string;
}

// eslint-disable-next-line no-control-regex
const controlInDescription = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Rows → a tag map, with one specific message per problem: empty key, whitespace-only value, duplicate key (keys
 * are case-sensitive in Azure ML but two keys differing only in case are almost always a typo, so reported too),
 * control characters, length limits. Values are trimmed; keys must not have surrounding spaces.
 */
export function validateTagRows(rows: readonly TagRow[]): { readonly tags: StringMap; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const tags: Record<string, string> = {};
  const seen = new Map<string, string>();
  rows.forEach((row, index) => {
    const key = row.key;
    const value = row.value;
    if (key.trim() === '' && value.trim() === '') return; // a blank row the user added and left empty
    const where = `Tag ${index + 1}`;
    if (key.trim() === '') {
      problems.push(`${where} has a value but no key.`);
      return;
    }
    const single = validateKeyValueMap({ [key]: value }, 'tag');
    if (single.length > 0) {
      problems.push(...single);
      return;
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) {
      problems.push(`The value of tag "${key}" contains a control character (such as a line break); tags are single-line.`);
      return;
    }
    if (/[,]/.test(key)) {
      problems.push(`The tag key "${key}" contains ","; tag filters could not match it.`);
      return;
    }
    const lower = key.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined) {
      problems.push(earlier === key ? `The tag "${key}" is given twice; keep one.` : `The tags "${earlier}" and "${key}" differ only in case; keep one.`);
      return;
    }
    seen.set(lower, key);
    tags[key] = value.trim();
  });
  if (Object.keys(tags).length > metadataLimits.tagCount) problems.push(`A version can have at most ${metadataLimits.tagCount} tags (this has ${Object.keys(tags).length}).`);
  return { tags, problems };
}

export function validateDescription(description: string): string | undefined {
  if (description.length > metadataLimits.descriptionLength) {
    return `The description is longer than ${metadataLimits.descriptionLength.toLocaleString('en-US')} characters (${description.length.toLocaleString('en-US')}).`;
  }
  if (controlInDescription.test(description)) return 'The description contains a control character; remove it (line breaks and tabs are fine).';
  return undefined;
}

export type TagChange =
  | { readonly kind: 'added'; readonly key: string; readonly value: string }
  | { readonly kind: 'removed'; readonly key: string; readonly before: string }
  | { readonly kind: 'changed'; readonly key: string; readonly before: string; readonly value: string };

export interface MetadataEditPlan {
  readonly tagChanges: readonly TagChange[];
  /** Present when the description changes ('' = removed). */
  readonly description?: { readonly before: string; readonly after: string };
  readonly isEmpty: boolean;
}

const desc = (m: VersionMetadata): string => m.description ?? '';

/** The diff of `before` → `after`, tag changes in key order. */
export function planMetadataEdit(before: VersionMetadata, after: VersionMetadata): MetadataEditPlan {
  const tagChanges: TagChange[] = [];
  const keys = [...new Set([...Object.keys(before.tags), ...Object.keys(after.tags)])].sort((a, b) => a.localeCompare(b));
  for (const key of keys) {
    const had = Object.prototype.hasOwnProperty.call(before.tags, key);
    const has = Object.prototype.hasOwnProperty.call(after.tags, key);
    if (had && !has) tagChanges.push({ kind: 'removed', key, before: before.tags[key]! });
    else if (!had && has) tagChanges.push({ kind: 'added', key, value: after.tags[key]! });
    else if (before.tags[key] !== after.tags[key]) tagChanges.push({ kind: 'changed', key, before: before.tags[key]!, value: after.tags[key]! });
  }
  const description = desc(before) !== desc(after) ? { before: desc(before), after: desc(after) } : undefined;
  return { tagChanges, ...(description ? { description } : {}), isEmpty: tagChanges.length === 0 && !description };
}

/** Applies a plan to some metadata (the current state, when rebasing). */
export function applyMetadataEdit(to: VersionMetadata, plan: MetadataEditPlan): VersionMetadata {
  const tags: Record<string, string> = { ...to.tags };
  for (const change of plan.tagChanges) {
    if (change.kind === 'removed') delete tags[change.key];
    else tags[change.key] = change.value;
  }
  return { tags, description: plan.description ? plan.description.after : desc(to) };
}

/** One line per change, for confirmations and logs: `+ owner = risk`, `- stale`, `~ approval: pending → approved`. */
export function describeMetadataEdit(plan: MetadataEditPlan): string[] {
  const lines = plan.tagChanges.map((c) => {
    switch (c.kind) {
      case 'added': return `+ tag ${c.key} = ${c.value}`;
      case 'removed': return `- tag ${c.key} (was ${c.before})`;
      case 'changed': return `~ tag ${c.key}: ${c.before} → ${c.value}`;
    }
  });
  if (plan.description) lines.push(plan.description.after === '' ? '- description' : `~ description: ${shorten(plan.description.before) || '(none)'} → ${shorten(plan.description.after)}`);
  return lines;
}

function shorten(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Fields where two metadata states differ, as user-facing phrases ("tag owner", "the description"). */
export function metadataDifferences(a: VersionMetadata, b: VersionMetadata): string[] {
  const plan = planMetadataEdit(a, b);
  return [...plan.tagChanges.map((c) => `tag ${c.key}`), ...(plan.description ? ['the description'] : [])];
}

export type ConcurrencyCheck =
  | { readonly status: 'unchanged' }
  /** Someone else changed the version since the baseline. `overlapping` lists fields both edits touch. */
  | { readonly status: 'changed'; readonly theirs: MetadataEditPlan; readonly overlapping: readonly string[]; readonly lastModifiedAt?: string };

/**
 * Compares what the user started from with what the service has now. A newer `lastModifiedAt` alone (someone
 * re-saved the same values) is not a conflict; different values are.
 */
export function checkConcurrentChange(baseline: EditBaseline, current: EditBaseline, ours: MetadataEditPlan): ConcurrencyCheck {
  const theirs = planMetadataEdit(baseline, current);
  if (theirs.isEmpty) return { status: 'unchanged' };
  const ourKeys = new Set(ours.tagChanges.map((c) => c.key));
  const overlapping = theirs.tagChanges.filter((c) => ourKeys.has(c.key)).map((c) => `tag ${c.key}`);
  if (theirs.description && ours.description) overlapping.push('the description');
  return { status: 'changed', theirs, overlapping, ...(current.lastModifiedAt ? { lastModifiedAt: current.lastModifiedAt } : {}) };
}

/** Whether the read-back shows exactly what we wrote; otherwise which fields differ (someone wrote right after us). */
export function checkReadBack(written: VersionMetadata, readBack: VersionMetadata): readonly string[] {
  return metadataDifferences(written, readBack);
}

export function sameMetadata(a: VersionMetadata, b: VersionMetadata): boolean {
  return planMetadataEdit(a, b).isEmpty;
}

/**
 * `key=value` per line (or `;`-separated) → rows, for the palette's "Edit tags…" input. Lines without `=` become
 * rows with an empty value so that validation reports them specifically.
 */
export function parseTagText(text: string): TagRow[] {
  return text.split(/[\n;]/).map((item) => item.trim()).filter((item) => item !== '').map((item) => {
    const eq = item.indexOf('=');
    return eq < 0 ? { key: item, value: '' } : { key: item.slice(0, eq).trim(), value: item.slice(eq + 1) };
  });
}

export function formatTagText(tags: StringMap): string {
  return Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('; ');
}
