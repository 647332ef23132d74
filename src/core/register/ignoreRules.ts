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
  readonly regex: PathMatcher;
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

/**
 * A compiled pattern's matcher. Not a JavaScript RegExp: gitwildmatch translated to a backtracking regex has runs of
 * unbounded quantifiers (`*****a` gives five adjacent `[^/]*`; several inner double-star segments give nested
 * `(?:/.+)?`) that take exponential or high-polynomial time on a long name, and the ignore file comes from the folder
 * being registered. The pattern is
 * kept as a token list and matched by a set-of-positions simulation: O(tokens × path length), no backtracking.
 */
export interface PathMatcher {
  test(relPath: string): boolean;
  /** The tokens, for debugging and tests. */
  readonly source: string;
}

type Token =
  | { readonly k: 'char'; readonly test: (ch: string) => boolean; readonly label: string }
  /** `[^/]*` */
  | { readonly k: 'star' }
  /** `[^/]+` */
  | { readonly k: 'plus' }
  /** `(?:.+/)?` — leading folders of any depth, or none. */
  | { readonly k: 'leadDirs' }
  /** `(?:/.+)?` — `/` and one or more of anything, or nothing. */
  | { readonly k: 'midDirs' }
  /** `(?:/.*)?$` — the end, or anything below. */
  | { readonly k: 'restOpt' }
  /** `/.*$` — something below. */
  | { readonly k: 'restReq' };

const slashToken: Token = { k: 'char', test: (ch) => ch === '/', label: '/' };

function matchTokens(tokens: readonly Token[], path: string): boolean {
  const s = Array.from(path);
  const n = s.length;
  let current = new Uint8Array(n + 1);
  current[0] = 1;
  for (const token of tokens) {
    const next = new Uint8Array(n + 1);
    let scannedTo = -1;
    let any = false;
    for (let p = 0; p <= n; p++) {
      if (!current[p]) continue;
      any = true;
      switch (token.k) {
        case 'char':
          if (p < n && token.test(s[p]!)) next[p + 1] = 1;
          break;
        case 'star':
        case 'plus': {
          if (token.k === 'star') next[p] = 1;
          // Positions up to the segment's end; a later start in the same segment adds nothing new.
          if (p < scannedTo) break;
          let q = p;
          while (q < n && s[q] !== '/') next[++q] = 1;
          scannedTo = q;
          break;
        }
        case 'leadDirs':
          next[p] = 1;
          if (scannedTo >= 0) break;
          for (let q = p + 2; q <= n; q++) if (s[q - 1] === '/') next[q] = 1;
          scannedTo = n;
          break;
        case 'midDirs':
          next[p] = 1;
          if (scannedTo >= 0 || s[p] !== '/') break;
          for (let q = p + 2; q <= n; q++) next[q] = 1;
          scannedTo = n;
          break;
        case 'restOpt':
          if (p === n || s[p] === '/') next[n] = 1;
          break;
        case 'restReq':
          if (p < n && s[p] === '/') next[n] = 1;
          break;
      }
    }
    if (!any) return false;
    current = next;
  }
  return current[n] === 1;
}

function describe(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.k === 'char' ? t.label : `<${t.k}>`)).join('');
}

/** One ignore-file line → a matcher (pathspec `GitWildMatchPattern.pattern_to_regex`); undefined for blanks/comments. */
export function compilePattern(line: string): { include: boolean; regex: PathMatcher } | undefined {
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
  for (let i = segs.length - 1; i > 0; i--) if (segs[i - 1] === '**' && segs[i] === '**') segs.splice(i, 1);
  if (segs.length === 2 && segs[0] === '**' && segs[1] === '') segs[1] = '*';
  if (segs[0] === '') {
    segs.shift();
  } else if (segs.length === 1 || (segs.length === 2 && segs[1] === '')) {
    if (segs[0] !== '**') segs.unshift('**');
  }
  if (segs.length === 0) return undefined;
  if (segs[segs.length - 1] === '' && segs.length > 1) segs[segs.length - 1] = '**';

  const tokens: Token[] = [];
  let needSlash = false;
  const end = segs.length - 1;
  segs.forEach((seg, i) => {
    if (seg === '**') {
      if (i === 0 && i === end) tokens.push({ k: 'plus' }, { k: 'restOpt' });
      else if (i === 0) {
        tokens.push({ k: 'leadDirs' });
        needSlash = false;
      } else if (i === end) tokens.push({ k: 'restReq' });
      else {
        tokens.push({ k: 'midDirs' });
        needSlash = true;
      }
    } else if (seg === '*') {
      if (needSlash) tokens.push(slashToken);
      tokens.push({ k: 'plus' });
      if (i === end) tokens.push({ k: 'restOpt' });
      needSlash = true;
    } else {
      if (needSlash) tokens.push(slashToken);
      tokens.push(...translateSegmentGlob(seg));
      if (i === end) tokens.push({ k: 'restOpt' });
      needSlash = true;
    }
  });
  const frozen = Object.freeze(tokens);
  return { include, regex: { test: (relPath) => matchTokens(frozen, relPath), source: describe(frozen) } };
}

function literal(ch: string): Token {
  return { k: 'char', test: (c) => c === ch, label: ch };
}

/**
 * A path-segment glob: `*`, `?`, `[...]` (with `!`/`^` negation), backslash escapes. A run of `*` is one `*`
 * (gitwildmatch: inside a segment they mean the same).
 */
function translateSegmentGlob(segment: string): Token[] {
  const seg = Array.from(segment);
  const out: Token[] = [];
  let i = 0;
  let escape = false;
  while (i < seg.length) {
    const ch = seg[i++]!;
    if (escape) {
      out.push(literal(ch));
      escape = false;
    } else if (ch === '\\') {
      escape = true;
    } else if (ch === '*') {
      if (out[out.length - 1]?.k !== 'star') out.push({ k: 'star' });
    } else if (ch === '?') {
      out.push({ k: 'char', test: (c) => c !== '/', label: '?' });
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
        expr += seg.slice(k, j - 1).join('').replace(/\\/g, '\\\\');
        expr += ']';
        // One bracket expression, no quantifier: matched against a single character.
        const cls = new RegExp(`^${expr}$`, 'u');
        out.push({ k: 'char', test: (c) => cls.test(c), label: expr });
        i = j;
      } else {
        out.push(literal('['));
      }
    } else {
      out.push(literal(ch));
    }
  }
  return out;
}
