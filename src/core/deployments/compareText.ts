/**
 * The two texts "compare" diffs: a version's metadata as normalised YAML (fixed key order, sorted maps, quoted
 * when YAML would misread a value) and an artifact file manifest (relative path, size, Content-MD5) computed from a
 * blob listing. Both are deterministic, so a diff shows only real differences.
 */
import type { ModelVersion } from '../domain/model';

const plain = /^[A-Za-z0-9_][A-Za-z0-9_ .,/@+()-]*$/;
const yamlSpecial = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const numberLike = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$|^0x[0-9a-f]+$|^0o[0-7]+$|^\.(?:inf|nan)$/i;

/** A YAML scalar: plain when unambiguous, else a JSON (= YAML double-quoted) string. */
export function yamlScalar(value: string): string {
  if (value === '' || !plain.test(value) || yamlSpecial.test(value) || numberLike.test(value) || value.endsWith(' ')) return JSON.stringify(value);
  return value;
}

function yamlKey(key: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key) && !yamlSpecial.test(key) ? key : JSON.stringify(key);
}

function mapLines(name: string, map: Readonly<Record<string, string>>, indent = ''): string[] {
  const keys = Object.keys(map).sort();
  if (keys.length === 0) return [`${indent}${name}: {}`];
  return [`${indent}${name}:`, ...keys.map((k) => `${indent}  ${yamlKey(k)}: ${yamlScalar(map[k]!)}`)];
}

function scalarLine(name: string, value: string | undefined): string {
  return `${name}: ${value === undefined ? 'null' : yamlScalar(value)}`;
}

/** Normalised YAML of a version's metadata (type, description, tags, properties, flavors, stage, job, created by/at, modelUri). */
export function versionMetadataYaml(v: ModelVersion): string {
  const flavorNames = Object.keys(v.flavors).sort();
  const lines = [
    `# ${v.scope.kind} ${v.scope.name} · model ${v.modelName} · version ${v.version}`,
    scalarLine('name', v.modelName),
    scalarLine('version', v.version),
    scalarLine('type', v.modelType),
    scalarLine('description', v.description),
    scalarLine('stage', v.stage),
    `archived: ${v.isArchived}`,
    ...mapLines('tags', v.tags),
    ...mapLines('properties', v.properties),
    ...(flavorNames.length === 0 ? ['flavors: {}'] : ['flavors:', ...flavorNames.flatMap((f) => mapLines(yamlKey(f), v.flavors[f]!, '  '))]),
    scalarLine('job', v.jobName),
    scalarLine('created_by', v.createdBy),
    scalarLine('created_at', v.createdAt?.toISOString()),
    scalarLine('model_uri', v.modelUri),
  ];
  return `${lines.join('\n')}\n`;
}

export interface ManifestEntry {
  /** Path relative to the model's folder, `/`-separated. */
  readonly path: string;
  readonly size: number;
  /** Base64 Content-MD5 as blob storage reports it; absent for blobs uploaded without one. */
  readonly contentMd5?: string;
}

/** One line per file, sorted by path: `<path>  <size> B  md5:<base64|->`; a header names the source. */
export function fileManifestText(header: string, entries: readonly ManifestEntry[], note?: string): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const total = sorted.reduce((sum, e) => sum + e.size, 0);
  const width = Math.max(0, ...sorted.map((e) => e.path.length));
  const lines = [
    `# ${header}`,
    `# ${sorted.length} file${sorted.length === 1 ? '' : 's'}, ${total} bytes`,
    ...(note ? [`# ${note}`] : []),
    ...sorted.map((e) => `${e.path.padEnd(width)}  ${String(e.size).padStart(10)} B  md5:${e.contentMd5 ?? '-'}`),
  ];
  return `${lines.join('\n')}\n`;
}
