/**
 * Inline editing of tags and description in the details panel. Never optimistic: Save sends the rows to the host,
 * which validates them again, writes, reads back and pushes a new snapshot; this editor only shows the outcome
 * (problems, a concurrent change, or nothing when it saved — the new snapshot shows the values read back).
 */
import type { MetadataSaveParams, MetadataSaveResult, VersionDetailsView } from '../../shared/protocol/modelVersion';
import { el, nameValueTable } from './dom';

export interface MetadataActions {
  saveMetadata(params: MetadataSaveParams): Promise<MetadataSaveResult>;
  setArchived(archived: boolean): Promise<boolean>;
  /** Re-renders the page from the last snapshot (after local editor state changed). */
  rerender(): void;
  announce(message: string): void;
}

interface EditState {
  tags: { name: string; value: string }[];
  description: string;
  busy: boolean;
  problems: readonly string[];
}

let editing: EditState | undefined;
/** The outcome of the last save (a conflict or a read-back that differs), shown above the tags. */
let notice: { text: string; kind: 'info' | 'warning' } | undefined;

function button(label: string, onClick: () => void, attributes: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attributes }, label);
  b.addEventListener('click', onClick);
  return b;
}

function startEditing(details: VersionDetailsView, actions: MetadataActions): void {
  editing = { tags: details.tags.map((t) => ({ ...t })), description: details.description ?? '', busy: false, problems: [] };
  notice = undefined;
  actions.rerender();
}

async function save(actions: MetadataActions): Promise<void> {
  if (!editing || editing.busy) return;
  editing.busy = true;
  editing.problems = [];
  actions.rerender();
  let result: MetadataSaveResult;
  try {
    result = await actions.saveMetadata({ tags: editing.tags.map((t) => ({ name: t.name, value: t.value })), description: editing.description });
  } catch (error) {
    result = { status: 'failed', message: error instanceof Error ? error.message : 'The save failed.' };
  }
  if (!editing) return;
  editing.busy = false;
  if (result.status === 'invalid') {
    editing.problems = result.problems;
    actions.announce(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: ${result.problems[0]}`);
  } else if (result.status === 'failed') {
    editing.problems = [result.message];
  } else {
    editing = undefined;
    notice = result.status === 'saved' || result.status === 'unchanged' ? { text: result.message, kind: 'info' } : { text: result.message, kind: 'warning' };
    actions.announce(result.status === 'saved' ? 'Saved and read back' : result.message);
  }
  actions.rerender();
}

/** The Tags section: the table and an Edit button, or the editor. */
export function tagsSection(details: VersionDetailsView, actions: MetadataActions): HTMLElement {
  const box = el('div', { class: 'metadata' });
  if (notice) box.append(el('p', { class: notice.kind === 'warning' ? 'status error' : 'status', role: notice.kind === 'warning' ? 'alert' : 'status' }, notice.text));
  if (!editing) {
    box.append(
      nameValueTable('Tags', details.tags, 'No tags.'),
      el('p', {}, button('Edit tags and description…', () => startEditing(details, actions), { 'data-action': 'edit-metadata' })),
    );
    return box;
  }
  const state = editing;
  const disabled: Record<string, string> = state.busy ? { disabled: '' } : {};
  const rows = state.tags.map((tag, index) => {
    const key = el('input', { type: 'text', 'aria-label': `Tag ${index + 1} key`, value: tag.name, 'data-field': 'key', ...disabled });
    key.value = tag.name;
    key.addEventListener('input', () => {
      tag.name = key.value;
    });
    const value = el('input', { type: 'text', 'aria-label': `Tag ${index + 1} value`, value: tag.value, 'data-field': 'value', ...disabled });
    value.value = tag.value;
    value.addEventListener('input', () => {
      tag.value = value.value;
    });
    const remove = button('Remove', () => {
      state.tags.splice(index, 1);
      actions.rerender();
    }, { 'aria-label': `Remove tag ${index + 1}`, ...disabled });
    return el('tr', {}, el('td', {}, key), el('td', {}, value), el('td', {}, remove));
  });
  const table = el('table', { class: 'tag-editor' },
    el('caption', { class: 'visually-hidden' }, 'Edit tags'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Key'), el('th', { scope: 'col' }, 'Value'), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Actions')))),
    el('tbody', {}, ...rows));
  const description = el('textarea', { 'aria-label': 'Description', rows: '3', 'data-field': 'description', ...disabled });
  description.value = state.description;
  description.addEventListener('input', () => {
    state.description = description.value;
  });
  box.append(
    table,
    el('p', {}, button('Add tag', () => {
      state.tags.push({ name: '', value: '' });
      actions.rerender();
    }, { ...disabled, 'data-action': 'add-tag' })),
    el('label', {}, 'Description', description),
    state.problems.length ? el('ul', { class: 'status error', role: 'alert' }, ...state.problems.map((p) => el('li', {}, p))) : '',
    el('p', { class: 'toolbar' },
      button(state.busy ? 'Saving…' : 'Save', () => void save(actions), { ...disabled, 'data-action': 'save-metadata' }),
      button('Cancel', () => {
        editing = undefined;
        actions.rerender();
      }, disabled)),
  );
  return box;
}

/** Archive / Restore button for the toolbar (the host asks for confirmation). */
export function archiveButton(details: VersionDetailsView, actions: MetadataActions): HTMLButtonElement {
  return button(details.isArchived ? 'Restore' : 'Archive…', () => {
    void actions.setArchived(!details.isArchived);
  }, { 'data-action': details.isArchived ? 'restore' : 'archive' });
}

/** The approval badge next to the heading, e.g. "approval: approved". */
export function approvalBadge(details: VersionDetailsView): HTMLElement | undefined {
  if (!details.approval) return undefined;
  return el('span', { class: 'badge', dir: 'auto', title: `Tag ${details.approval.key}` }, `${details.approval.key}: ${details.approval.value || '(empty)'}`);
}

