/**
 * Rollback history, recorded where the whole team sees it: tags on the resource that changed (the deployment for
 * a model swap, the endpoint for a traffic shift), written in the same PUT as the change itself, so a change is
 * never recorded without happening or vice versa.
 *
 * Layout (ARM limits: 50 tags per resource, names ≤ 512, values ≤ 256 characters):
 *   amlInventory.rollback.<n>       `v1|<ISO time>|<swap|shift|undo-swap|undo-shift>|<undoes n or ->|<who>|<reason>`
 *   amlInventory.rollback.<n>.from  previous model reference (shortest spelling) or previous traffic `blue=90,green=10`
 *   amlInventory.rollback.<n>.to    new model reference or new traffic
 * Only the newest `maxEntries` entries are kept; older ones are pruned when a new one is written. Who and reason
 * are shortened (with "…") so the entry fits; references too long for a tag make the record unwritable (refused).
 */
import { InventoryError } from '../errors';

export const historyTagPrefix = 'amlInventory.rollback.';
export const maxTagValueLength = 256;
export const maxTagsPerResource = 50;
export const maxHistoryEntries = 5;

export type HistoryAction = 'swap' | 'shift' | 'undo-swap' | 'undo-shift';

export interface HistoryEntry {
  readonly seq: number;
  readonly at: Date;
  readonly action: HistoryAction;
  /** Sequence number of the entry this one undid. */
  readonly undoes?: number;
  readonly who: string;
  readonly reason?: string;
  /** Model reference (swap) or compact traffic map (shift) before the change. */
  readonly from: string;
  readonly to: string;
}

const actions: readonly HistoryAction[] = ['swap', 'shift', 'undo-swap', 'undo-shift'];

function clean(text: string): string {
  // `|` separates fields; control characters have no place in a tag.
  return text.replace(/[|\u0000-\u001f\u007f]/g, ' ').trim();
}

function fit(text: string, room: number): string {
  if (text.length <= room) return text;
  return room <= 1 ? '' : `${text.slice(0, room - 1)}…`;
}

/** Parses the history entries out of a resource's tags, newest first. Malformed entries are skipped. */
export function readHistory(tags: Readonly<Record<string, string>>): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const [name, value] of Object.entries(tags)) {
    const m = new RegExp(`^${historyTagPrefix.replace(/\./g, '\\.')}(\\d+)$`).exec(name);
    if (!m) continue;
    const seq = Number(m[1]);
    const [version, at, action, undoes, who, ...reasonParts] = value.split('|');
    if (version !== 'v1' || !at || !actions.includes(action as HistoryAction)) continue;
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) continue;
    const reason = reasonParts.join('|');
    entries.push({
      seq, at: date, action: action as HistoryAction,
      ...(undoes && undoes !== '-' && /^\d+$/.test(undoes) ? { undoes: Number(undoes) } : {}),
      who: who ?? '',
      ...(reason ? { reason } : {}),
      from: tags[`${name}.from`] ?? '',
      to: tags[`${name}.to`] ?? '',
    });
  }
  return entries.sort((a, b) => b.seq - a.seq);
}

/** The newest rollback that has not been undone (what "Undo last rollback" restores), if any. */
export function lastUndoable(entries: readonly HistoryEntry[]): HistoryEntry | undefined {
  const undone = new Set(entries.filter((e) => e.undoes !== undefined).map((e) => e.undoes));
  const newest = entries[0];
  // Only the newest change can be undone safely: undoing an older one would silently revert later ones too.
  if (!newest || newest.action.startsWith('undo-') || undone.has(newest.seq)) return undefined;
  return newest;
}

/**
 * `tags` with a new entry added and old entries pruned (keeps the other tags untouched). Throws a validation
 * error when the record cannot fit ARM's limits. `minSeq`: the number planned for the entry (unique across an
 * endpoint and its deployments); the entry gets it unless this resource already holds that number or a higher one.
 */
export function withHistoryEntry(
  tags: Readonly<Record<string, string>>,
  entry: Omit<HistoryEntry, 'seq'>,
  minSeq?: number,
): { tags: Record<string, string>; entry: HistoryEntry } {
  const existing = readHistory(tags);
  const seq = Math.max((existing[0]?.seq ?? 0) + 1, minSeq ?? 0);
  const keep = new Set(existing.slice(0, maxHistoryEntries - 1).map((e) => e.seq));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(tags)) {
    const m = new RegExp(`^${historyTagPrefix.replace(/\./g, '\\.')}(\\d+)(?:\\.from|\\.to)?$`).exec(name);
    if (m && !keep.has(Number(m[1]))) continue;
    out[name] = value;
  }
  for (const [label, ref] of [['from', entry.from], ['to', entry.to]] as const) {
    if (ref.length > maxTagValueLength) {
      throw new InventoryError('validation', `The ${label === 'from' ? 'previous' : 'new'} model reference is longer than an Azure tag value (${maxTagValueLength} characters), so the change could not be recorded. Nothing was changed.`);
    }
  }
  const head = `v1|${entry.at.toISOString()}|${entry.action}|${entry.undoes ?? '-'}|`;
  const who = fit(clean(entry.who), 80);
  const reason = fit(clean(entry.reason ?? ''), maxTagValueLength - head.length - who.length - 1);
  const name = `${historyTagPrefix}${seq}`;
  out[name] = `${head}${who}|${reason}`;
  out[`${name}.from`] = entry.from;
  out[`${name}.to`] = entry.to;
  if (Object.keys(out).length > maxTagsPerResource) {
    throw new InventoryError('validation', `The resource already has ${Object.keys(tags).length} tags; recording the change would exceed Azure's limit of ${maxTagsPerResource}. Nothing was changed.`);
  }
  const recorded: HistoryEntry = { ...entry, seq, who, ...(reason ? { reason } : {}) };
  if (!reason) delete (recorded as { reason?: string }).reason;
  return { tags: out, entry: recorded };
}

/** "2025-01-06 09:00 UTC · alice · swap · azureml:m:1 → azureml:m:2 · reason" */
export function describeHistoryEntry(e: HistoryEntry): string {
  const when = `${e.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const what = e.undoes !== undefined ? `${e.action} (undoes #${e.undoes})` : e.action;
  return [when, e.who || 'unknown', what, `${e.from} → ${e.to}`, e.reason].filter(Boolean).join(' · ');
}
