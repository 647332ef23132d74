/**
 * `.amlignore` / `.gitignore` with gitwildmatch semantics, as `az ml` applies them (azure-ai-ml `IgnoreFile` over
 * pathspec's `GitWildMatchPattern`): the root ignore file only (`.amlignore` wins over `.gitignore`); each pattern
 * compiled to a regex over the `/`-separated path relative to the root; the last matching pattern decides
 * (`!pattern` re-includes). Paths are matched without a trailing slash, so `build/` excludes everything under
 * `build` while `build` excludes the directory itself.
 *
 * Deliberate difference from a per-file check: once a directory is excluded its contents are never visited
 * (git's rule: "it is not possible to re-include a file if a parent directory of that file is excluded"); this is
 * also exactly what the CLI's hash walk does, so the hash and the uploaded file list agree.
 */

export type IgnoreFileName = '.amlignore' | '.gitignore';

export const ignoreFileNames: readonly IgnoreFileName[] = ['.amlignore', '.gitignore'];

interface CompiledPattern {
  readonly source: string;
  readonly line: number;
  readonly include: boolean;
  readonly regex: RegExp;
}

export class IgnoreRules {
  private constructor(readonly file: IgnoreFileName | undefined, private readonly patterns: readonly CompiledPattern[]) {}

  static none(): IgnoreRules {
    return new IgnoreRules(undefined, []);
  }

  static parse(file: IgnoreFileName, text: string): IgnoreRules {
    const patterns: CompiledPattern[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
      const compiled = compilePattern(raw);
      if (compiled) patterns.push({ ...compiled, source: raw, line: index + 1 });
    });
    return new IgnoreRules(file, patterns);
  }

  get patternCount(): number {
    return this.patterns.length;
  }

  /** True when `relPath` (root-relative, `/`-separated, no trailing slash) is excluded. */
  isExcluded(relPath: string): boolean {
    let excluded = false;
    for (const p of this.patterns) if (p.regex.test(relPath)) excluded = p.include;
    return excluded;
  }
}

/** One ignore-file line → a regex (pathspec `GitWildMatchPattern.pattern_to_regex`); undefined for blanks/comments. */
export function compilePattern(line: string): { include: boolean; regex: RegExp } | undefined {
  let pattern = line.endsWith('\\ ') ? line.replace(/^\s+/, '') : line.trim();
  if (!pattern || pattern.startsWith('#') || pattern === '/') return undefined;
  let include = true;
  if (pattern.startsWith('!')) {
    include = false;
    pattern = pattern.slice(1);
  }
  if (pattern.startsWith('\\')) pattern = pattern.slice(1);
  if (!pattern) return undefined;
  const segs = pattern.split('/');
  const isDirPattern = segs[segs.length - 1] === '';
  for (let i = segs.length - 1; i > 0; i--) if (segs[i - 1] === '**' && segs[i] === '**') segs.splice(i, 1);
  if (segs.length === 2 && segs[0] === '**' && segs[1] === '') segs[1] = '*';
  if (segs[0] === '') {
    segs.shift();
  } else if (segs.length === 1 || (segs.length === 2 && segs[1] === '')) {
    if (segs[0] !== '**') segs.unshift('**');
  }
  if (segs.length === 0) return undefined;
  if (segs[segs.length - 1] === '' && segs.length > 1) segs[segs.length - 1] = '**';

  let out = '^';
  let needSlash = false;
  const end = segs.length - 1;
  segs.forEach((seg, i) => {
    if (seg === '**') {
      if (i === 0 && i === end) out += '[^/]+(?:/.*)?';
      else if (i === 0) {
        out += '(?:.+/)?';
        needSlash = false;
      } else if (i === end) out += '/.*';
      else {
        out += '(?:/.+)?';
        needSlash = true;
      }
    } else if (seg === '*') {
      if (needSlash) out += '/';
      out += '[^/]+';
      if (i === end) out += '(?:/.*)?';
      needSlash = true;
    } else {
      if (needSlash) out += '/';
      out += translateSegmentGlob(seg);
      if (i === end) out += '(?:/.*)?';
      needSlash = true;
    }
  });
  out += '$';
  void isDirPattern;
  return { include, regex: new RegExp(out, 'u') };
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A path-segment glob: `*`, `?`, `[...]` (with `!`/`^` negation), backslash escapes. */
function translateSegmentGlob(seg: string): string {
  let out = '';
  let i = 0;
  let escape = false;
  while (i < seg.length) {
    const ch = seg[i++]!;
    if (escape) {
      out += escapeRegex(ch);
      escape = false;
    } else if (ch === '\\') {
      escape = true;
    } else if (ch === '*') {
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      let j = i;
      if (j < seg.length && (seg[j] === '!' || seg[j] === '^')) j++;
      if (j < seg.length && seg[j] === ']') j++;
      while (j < seg.length && seg[j] !== ']') j++;
      if (j < seg.length) {
        j++;
        let expr = '[';
        let k = i;
        if (seg[k] === '!' || seg[k] === '^') {
          expr += '^';
          k++;
        }
        expr += seg.slice(k, j - 1).replace(/\\/g, '\\\\');
        out += `${expr}]`;
        i = j;
      } else {
        out += '\\[';
      }
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}
