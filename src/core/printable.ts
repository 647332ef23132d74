/**
 * Service- or user-provided names echoed in messages: quoted, with control characters, bidi controls and other
 * invisible formatting characters written as JSON-style escapes (`\n`, `\u202e`), so a name cannot forge a line of
 * a message or reorder what the user reads.
 */

/** C0/C1 controls, DEL, bidi embeddings/overrides/isolates, marks, zero-width and line/paragraph separators, BOM. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
const unsafeAll = new RegExp(unsafe.source, 'gu');

/** True when `name` holds a character `printable` would escape. */
export function hasUnprintable(name: string): boolean {
  return unsafe.test(name);
}

/**
 * `text` with control, bidi and invisible formatting characters as JSON-style escapes (`\n`, `\u202e`). Backslashes
 * and quotes are left as they are, so names that merely contain them read as the user would type them.
 */
export function escapeUnprintable(text: string): string {
  return text.replace(unsafeAll, (c) => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** `name` in double quotes with `escapeUnprintable` applied: for echoing service- or user-provided names. */
export function printable(name: string): string {
  return `"${escapeUnprintable(name)}"`;
}

/** C0/C1 controls, DEL and bidi controls: never acceptable in a file or folder name that is written or uploaded. */
const nameUnsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Why a file name holds characters that would hide or reorder what the user reads; undefined when it does not. */
export function unsafeCharacterReason(name: string): string | undefined {
  const m = nameUnsafe.exec(name);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f)
    ? 'it contains a control character'
    : 'it contains a bidirectional-text control character (it can make the name display differently from what it is)';
}

/** QuickPick / tree labels render `$(name)` as an icon: service-provided text is escaped so it shows literally. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
