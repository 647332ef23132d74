/**
 * Version ordering. Azure ML versions are free-form strings, usually integers ("1", "2", "10") but also
 * dotted or labelled ("1.2.0", "2024-05-01", "v3-rc1"). Plain string order puts "10" before "9", so versions
 * are compared chunk by chunk: digit runs numerically, letter runs case-insensitively, separators as written.
 */

const chunkPattern = /\d+|[a-zA-Z]+|[^a-zA-Z\d]+/g;

function compareDigitRuns(a: string, b: string): number {
  // Arbitrary length without BigInt: strip leading zeros, then longer means larger.
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Negative when `a` is older than `b`, positive when newer, 0 only for identical strings. */
export function compareVersions(a: string, b: string): number {
  const left = a.match(chunkPattern) ?? [];
  const right = b.match(chunkPattern) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    const xIsDigits = /^\d/.test(x);
    const yIsDigits = /^\d/.test(y);
    let order: number;
    if (xIsDigits && yIsDigits) order = compareDigitRuns(x, y);
    else if (xIsDigits !== yIsDigits) order = xIsDigits ? 1 : -1; // "1.0.1" is newer than "1.0.beta"
    else order = x.toLowerCase().localeCompare(y.toLowerCase(), 'en');
    if (order !== 0) return order;
  }
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  // Same chunks modulo case or leading zeros: fall back to code-unit order so the order stays total.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first: how the tree lists versions. */
export function sortVersionsNewestFirst<T>(items: readonly T[], versionOf: (item: T) => string): T[] {
  return [...items].sort((x, y) => compareVersions(versionOf(y), versionOf(x)));
}

/** The highest version, or undefined for an empty list. */
export function highestVersion(versions: readonly string[]): string | undefined {
  return versions.reduce<string | undefined>((best, v) => (best === undefined || compareVersions(v, best) > 0 ? v : best), undefined);
}
