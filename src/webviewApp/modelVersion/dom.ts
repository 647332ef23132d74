/** Small DOM builders. Text always goes in through `textContent`; nothing here parses HTML. */
import { formatTimestamp } from '../../shared/dateText';

type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A value cell whose direction follows its content, so right-to-left text cannot reorder its neighbours. */
export function valueText(value: string, tag: 'td' | 'span' | 'code' = 'span'): HTMLElement {
  const element = el(tag, { dir: 'auto', class: 'value' });
  element.textContent = value;
  return element;
}

/** Two-column name/value table with header cells for screen readers. */
export function nameValueTable(caption: string, rows: readonly { name: string; value: string }[], emptyText: string): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'empty' }, emptyText);
  const body = el('tbody', {}, ...rows.map((row) => el('tr', {}, el('th', { scope: 'row', dir: 'auto' }, row.name), valueText(row.value, 'td'))));
  return el('table', { class: 'name-value' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Value'))),
    body);
}

/** An ISO timestamp from the host as "2025-01-08 12:40 UTC" (the same text as tree tooltips and hovers). */
export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  return formatTimestamp(iso) ?? iso;
}
