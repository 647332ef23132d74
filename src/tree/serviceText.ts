/**
 * Service-provided text (names, tags, descriptions) is untrusted: it may hold Markdown, HTML such as `<script>`,
 * backticks, control or bidirectional-override characters and values of any length. These helpers make it safe to
 * show as plain text inside Markdown. No `vscode` import, so they are unit-tested directly.
 */

/** C0/C1 controls (except tab/newline) and bidi embeddings/overrides/isolates that can visually reorder text. */
const unsafeCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Collapses whitespace, removes unsafe characters and truncates to `maxLength` characters (with `…`). */
export function cleanServiceText(text: string, maxLength: number): string {
  const clean = text.replace(unsafeCharacters, '').replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  // Do not split a surrogate pair when truncating.
  let end = maxLength - 1;
  if (/[\uD800-\uDBFF]/.test(clean.charAt(end - 1))) end--;
  return `${clean.slice(0, end)}…`;
}

/**
 * Escapes every ASCII punctuation character CommonMark could interpret (all of them are escapable with `\`),
 * so the text renders literally: no emphasis, links, code spans, HTML or tables.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&"'$%=:;,/?@^]/g, '\\$&');
}

/** Clean, truncate and escape in one go: what a Markdown tooltip needs for any service value. */
export function markdownText(text: string, maxLength: number): string {
  return escapeMarkdown(cleanServiceText(text, maxLength));
}
