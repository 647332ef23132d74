/**
 * `az ml model create -f <spec>.yml` specs → a register request, and a version → such a spec ("Export as YAML").
 * Keys follow the CLI's model schema; what this extension does not support is rejected by name and line.
 */
import type { ModelVersion } from '../domain/model';
import { knownModelTypes } from './modelType';
import { formatYamlKey, formatYamlScalar, parseYamlSubset, YamlSubsetError, type YamlMap, type YamlNode } from './yamlSubset';

export const modelSchemaUrl = 'https://azuremlschemas.azureedge.net/latest/model.schema.json';

const supportedKeys = ['$schema', 'name', 'version', 'path', 'type', 'description', 'tags', 'properties', 'stage'] as const;
/** Keys of the CLI schema this extension does not take from a spec. */
const cliOnlyKeys = new Set(['flavors', 'job_name', 'datastore', 'utc_time_created', 'intellectual_property', 'system_metadata', 'id', 'creation_context']);

export interface ModelSpec {
  readonly name: string;
  readonly version?: string;
  /** As written in the spec. */
  readonly path: string;
  /** Resolved against the spec file's folder (absolute paths kept). */
  readonly resolvedPath: string;
  readonly type?: string;
  readonly description?: string;
  readonly tags: Record<string, string>;
  readonly properties: Record<string, string>;
  readonly stage?: string;
}

export class ModelSpecError extends Error {
  constructor(readonly problems: readonly string[], readonly specPath: string) {
    super(`${specPath}: ${problems.join(' ')}`);
    this.name = 'ModelSpecError';
  }
}

/** `dir` joined with a spec-relative path, `/` or `\` separated; `..` and `.` resolved. Pure string work. */
export function resolveSpecPath(specDir: string, path: string): string {
  const isWindows = /^[A-Za-z]:[\\/]/.test(specDir) || specDir.includes('\\');
  const sep = isWindows ? '\\' : '/';
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')) return path;
  const parts = specDir.split(/[\\/]/);
  for (const seg of path.split(/[\\/]/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 1) parts.pop();
    } else parts.push(seg);
  }
  return parts.join(sep) || sep;
}

/**
 * True when `path` (as written in a spec in `specDir`) is absolute or resolves outside `specDir` (`../data`). Allowed,
 * as `az ml` allows it, but the confirmation says so: a spec from someone else can point at any folder here.
 */
export function isOutsideSpecFolder(specDir: string, path: string): boolean {
  const resolved = resolveSpecPath(specDir, path);
  const base = resolveSpecPath(specDir, '.');
  const norm = (p: string): string => p.replace(/[\\/]+$/, '').replace(/\\/g, '/');
  const [r, b] = [norm(resolved), norm(base)];
  return !(r === b || r.startsWith(`${b}/`) || b === '');
}

function scalarOf(node: YamlNode, key: string, problems: string[]): string | undefined {
  if (node.kind === 'map') {
    problems.push(`line ${node.line}: "${key}" must be a single value, not a mapping.`);
    return undefined;
  }
  return node.value ?? undefined;
}

function mapOf(node: YamlNode, key: string, problems: string[]): Record<string, string> {
  if (node.kind === 'scalar') {
    if (node.value === null) return {};
    problems.push(`line ${node.line}: "${key}" must be a mapping of key: value lines.`);
    return {};
  }
  // Reserved keys are refused below, so a plain object is safe.
  const out: Record<string, string> = {};
  for (const [k, v] of (node as YamlMap).entries) {
    if (v.kind === 'map') {
      problems.push(`line ${v.keyLine}: ${key}.${k} must be a single value, not a mapping.`);
      continue;
    }
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') {
      problems.push(`line ${v.keyLine}: ${key === 'tags' ? 'tag' : 'property'} key "${k}" is not allowed.`);
      continue;
    }
    if (v.value === null || v.value.trim() === '') {
      problems.push(`line ${v.keyLine}: ${key === 'tags' ? 'tag' : 'property'} "${k}" has an empty value.`);
      continue;
    }
    out[k] = v.value;
  }
  return out;
}

/** Parses a spec; `specDir` is the folder of the YAML file (paths in it are relative to it). */
export function parseModelSpec(text: string, specPath: string, specDir: string): ModelSpec {
  let root: YamlMap;
  try {
    root = parseYamlSubset(text);
  } catch (error) {
    if (error instanceof YamlSubsetError) throw new ModelSpecError([error.message], specPath);
    throw error;
  }
  const problems: string[] = [];
  for (const [key, node] of root.entries) {
    if ((supportedKeys as readonly string[]).includes(key)) continue;
    problems.push(cliOnlyKeys.has(key)
      ? `line ${node.keyLine}: "${key}" is not supported when registering from this extension; remove it.`
      : `line ${node.keyLine}: unknown key "${key}"; a model spec has ${supportedKeys.join(', ')}.`);
  }
  const get = (key: string): string | undefined => {
    const node = root.entries.get(key);
    return node ? scalarOf(node, key, problems) : undefined;
  };
  const name = get('name');
  const version = get('version');
  const path = get('path');
  const type = get('type');
  const description = get('description');
  const stage = get('stage');
  const schema = get('$schema');
  void schema;
  const tags = root.entries.has('tags') ? mapOf(root.entries.get('tags')!, 'tags', problems) : {};
  const properties = root.entries.has('properties') ? mapOf(root.entries.get('properties')!, 'properties', problems) : {};
  if (!name) problems.push('"name" is missing: a model spec needs a name.');
  if (!path) problems.push('"path" is missing: give the model folder or file, relative to the YAML file.');
  else if (/^(azureml|https?|runs|wasbs?|abfss?):/i.test(path)) {
    problems.push(`line ${root.entries.get('path')!.keyLine}: path "${path}" is remote; this command uploads a local folder or file.`);
  }
  if (type && !(knownModelTypes as readonly string[]).includes(type)) {
    problems.push(`line ${root.entries.get('type')!.keyLine}: unknown type "${type}"; use one of ${knownModelTypes.join(', ')}.`);
  }
  if (problems.length > 0) throw new ModelSpecError(problems, specPath);
  return {
    name: name!,
    ...(version !== undefined ? { version } : {}),
    path: path!,
    resolvedPath: resolveSpecPath(specDir, path!),
    ...(type ? { type } : {}),
    ...(description !== undefined ? { description } : {}),
    tags,
    properties,
    ...(stage !== undefined ? { stage } : {}),
  };
}

/** A version as an `az ml model create -f` spec; `path` is where its files would be downloaded to. */
export function exportModelSpec(version: ModelVersion, localPath = './model'): string {
  const lines = [`$schema: ${modelSchemaUrl}`, `name: ${formatYamlScalar(version.modelName)}`, `version: ${formatYamlScalar(version.version)}`];
  lines.push(`path: ${formatYamlScalar(localPath)}`);
  if (version.modelType) lines.push(`type: ${formatYamlScalar(version.modelType)}`);
  if (version.description) lines.push(`description: ${formatYamlScalar(version.description)}`);
  if (version.stage) lines.push(`stage: ${formatYamlScalar(version.stage)}`);
  for (const [key, map] of [['tags', version.tags], ['properties', version.properties]] as const) {
    const entries = Object.entries(map);
    if (entries.length === 0) continue;
    lines.push(`${key}:`);
    for (const [k, v] of entries) lines.push(`  ${formatYamlKey(k)}: ${formatYamlScalar(v)}`);
  }
  if (version.modelUri) lines.push(`# registered from: ${version.modelUri.replace(/[\r\n]/g, ' ')}`);
  return `${lines.join('\n')}\n`;
}
