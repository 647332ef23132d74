/**
 * A small, strict YAML subset: enough for `az ml model create -f` specs, and nothing that could be misread.
 * Accepted: block mappings (nested by indentation, spaces only), plain / 'single' / "double"-quoted scalars on one
 * line, comments, an optional leading `---`. Everything else (sequences, flow collections, anchors, aliases, tags,
 * block scalars, multi-line scalars, duplicate keys, tabs) is rejected with its line number.
 */

export class YamlSubsetError extends Error {
  constructor(readonly line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'YamlSubsetError';
  }
}

export interface YamlScalar {
  readonly kind: 'scalar';
  /** null for an empty value, `~` or `null` (plain). */
  readonly value: string | null;
  readonly quoted: boolean;
  readonly line: number;
}

export interface YamlMap {
  readonly kind: 'map';
  readonly line: number;
  readonly entries: ReadonlyMap<string, YamlNode & { readonly keyLine: number }>;
}

export type YamlNode = YamlScalar | YamlMap;

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly text: string;
}

/** Strips a comment that starts outside quotes (`#` at the start or after whitespace). */
function stripComment(text: string, no: number): string {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (ch === '"' || ch === "'") {
      // Quotes only open a scalar at its start; inside a plain scalar they are literal.
      const before = text.slice(0, i).trimEnd();
      if (before.endsWith(':') || before === '' ) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      return text.slice(0, i).trimEnd();
    }
  }
  if (quote) throw new YamlSubsetError(no, 'a quoted value is not closed on this line (multi-line values are not supported).');
  return text.trimEnd();
}

function tokenize(source: string): Line[] {
  const lines: Line[] = [];
  const raw = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  raw.forEach((text, index) => {
    const no = index + 1;
    const leading = /^[ \t]*/.exec(text)![0];
    if (leading.includes('\t') && text.trim() !== '') throw new YamlSubsetError(no, 'tabs are not allowed for indentation; use spaces.');
    const body = stripComment(text, no);
    if (body.trim() === '') return;
    if (body.trim() === '---') {
      if (lines.length > 0) throw new YamlSubsetError(no, 'only one YAML document is allowed.');
      return;
    }
    if (body.trim() === '...') throw new YamlSubsetError(no, 'document end markers are not supported.');
    lines.push({ no, indent: leading.length, text: body.slice(leading.length) });
  });
  return lines;
}

function parseScalar(text: string, no: number): YamlScalar {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return { kind: 'scalar', value: null, quoted: false, line: no };
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlSubsetError(no, 'unterminated single-quoted value.');
    const inner = t.slice(1, -1);
    if (inner.replace(/''/g, '').includes("'")) throw new YamlSubsetError(no, 'unexpected text after a quoted value.');
    return { kind: 'scalar', value: inner.replace(/''/g, "'"), quoted: true, line: no };
  }
  if (t.startsWith('"')) {
    let out = '';
    let i = 1;
    for (; i < t.length; i++) {
      const ch = t[i]!;
      if (ch === '"') break;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = t[++i];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', ' ': ' ' };
      if (e !== undefined && simple[e] !== undefined) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 1, i + 5))) {
        out += String.fromCharCode(parseInt(t.slice(i + 1, i + 5), 16));
        i += 4;
      } else throw new YamlSubsetError(no, `unsupported escape "\\${e ?? ''}" in a double-quoted value.`);
    }
    if (i >= t.length) throw new YamlSubsetError(no, 'unterminated double-quoted value.');
    if (t.slice(i + 1).trim() !== '') throw new YamlSubsetError(no, 'unexpected text after a quoted value.');
    return { kind: 'scalar', value: out, quoted: true, line: no };
  }
  const first = t[0]!;
  if (first === '[' || first === '{') throw new YamlSubsetError(no, 'flow collections ([...] or {...}) are not supported; write a block mapping.');
  if (first === '|' || first === '>') throw new YamlSubsetError(no, 'block scalars (| or >) are not supported; put the value on one line.');
  if (first === '&' || first === '*') throw new YamlSubsetError(no, 'anchors and aliases (& and *) are not supported.');
  if (first === '!') throw new YamlSubsetError(no, 'YAML tags (!) are not supported.');
  if (first === '@' || first === '`') throw new YamlSubsetError(no, `a plain value cannot start with "${first}"; quote it.`);
  if (/:\s/.test(t) || t.endsWith(':')) throw new YamlSubsetError(no, 'a plain value cannot contain ": "; quote it.');
  return { kind: 'scalar', value: t, quoted: false, line: no };
}

function parseKey(text: string, no: number): { key: string; rest: string } {
  if (text.startsWith('- ') || text === '-') throw new YamlSubsetError(no, 'lists ("- item") are not supported here.');
  if (text.startsWith('? ')) throw new YamlSubsetError(no, 'complex keys ("? ") are not supported.');
  let key: string;
  let rest: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const q = text[0]!;
    const close = text.indexOf(q, 1);
    if (close < 0) throw new YamlSubsetError(no, 'unterminated quoted key.');
    key = text.slice(1, close);
    rest = text.slice(close + 1);
    if (!rest.startsWith(':')) throw new YamlSubsetError(no, 'expected ":" after the key.');
    rest = rest.slice(1);
  } else {
    const m = /^([^:#]*?):(?:\s|$)/.exec(text);
    if (!m) throw new YamlSubsetError(no, `expected "key: value", found "${text.length > 40 ? `${text.slice(0, 40)}…` : text}".`);
    key = m[1]!.trim();
    rest = text.slice(m[0].length - (/\s$/.test(m[0]) ? 1 : 0));
  }
  if (key === '') throw new YamlSubsetError(no, 'empty key.');
  if (rest !== '' && !/^\s/.test(rest)) throw new YamlSubsetError(no, 'expected a space after ":".');
  return { key, rest: rest.trim() };
}

/** Parses `source` into a mapping (the document root must be a mapping). */
export function parseYamlSubset(source: string): YamlMap {
  const lines = tokenize(source);
  if (lines.length === 0) throw new YamlSubsetError(1, 'the file is empty.');
  if (lines[0]!.indent !== 0) throw new YamlSubsetError(lines[0]!.no, 'the first key must not be indented.');
  let pos = 0;

  const parseMap = (indent: number, startLine: number): YamlMap => {
    const entries = new Map<string, YamlNode & { keyLine: number }>();
    while (pos < lines.length) {
      const line = lines[pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlSubsetError(line.no, 'unexpected indentation (a value cannot continue on the next line).');
      const { key, rest } = parseKey(line.text, line.no);
      if (entries.has(key)) throw new YamlSubsetError(line.no, `duplicate key "${key}" (first on line ${entries.get(key)!.keyLine}).`);
      pos++;
      if (rest === '') {
        const next = lines[pos];
        if (next && next.indent > indent) {
          entries.set(key, { ...parseMap(next.indent, line.no), keyLine: line.no });
          continue;
        }
        entries.set(key, { kind: 'scalar', value: null, quoted: false, line: line.no, keyLine: line.no });
        continue;
      }
      const scalar = parseScalar(rest, line.no);
      const next = lines[pos];
      if (next && next.indent > indent) throw new YamlSubsetError(next.no, 'unexpected indentation (multi-line values are not supported).');
      entries.set(key, { ...scalar, keyLine: line.no });
    }
    return { kind: 'map', line: startLine, entries };
  };
  const root = parseMap(0, lines[0]!.no);
  if (pos < lines.length) throw new YamlSubsetError(lines[pos]!.no, 'unexpected indentation.');
  return root;
}

/** Formats a scalar for writing: plain when unambiguous, otherwise double-quoted. */
export function formatYamlScalar(value: string): string {
  const plainSafe = /^[A-Za-z0-9_./$][A-Za-z0-9_ ./:$@+,()=-]*$/.test(value)
    && !/:\s|\s#|\s$|:$/.test(value)
    && !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.eE+-]*)$/i.test(value);
  return plainSafe ? value : quoteYaml(value);
}

function quoteYaml(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

/** Formats a key: plain when it is a simple identifier, otherwise double-quoted. */
export function formatYamlKey(key: string): string {
  return /^[A-Za-z0-9_$][A-Za-z0-9_.$-]*$/.test(key) ? key : quoteYaml(key);
}
