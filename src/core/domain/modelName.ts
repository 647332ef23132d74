/**
 * Model names as the service accepts them on create: the API's path pattern `^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$`
 * (2022-10-01 and 2024-04-01 specs). Checked before upload so a bad name fails before any bytes move.
 */

export const maxModelNameLength = 255;

/** A user-facing problem with `name`, or undefined when the service will accept it. */
export function validateModelName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a model name.';
  if (name.length > maxModelNameLength) return `A model name can be at most ${maxModelNameLength} characters (this one has ${name.length}).`;
  if (!/^[a-zA-Z0-9]/.test(name)) return 'A model name must start with a letter or a digit.';
  const bad = /[^a-zA-Z0-9_-]/.exec(name);
  if (bad) {
    const shown = /\s/.test(bad[0]) ? 'a space' : `"${bad[0]}"`;
    return `A model name can contain only letters, digits, "-" and "_" (found ${shown} at position ${bad.index + 1}).`;
  }
  return undefined;
}
