/**
 * Finds model references in source text (YAML, Python, JSON, Markdown — any text really), in every spelling of
 * reference §2, with their ranges:
 *
 * | spelling | example |
 * |---|---|
 * | short name:version | `azureml:fraud-detector:3` |
 * | label | `azureml:fraud-detector@latest` (and bare `fraud-detector@latest` under a `model:` key) |
 * | registry asset id | `azureml://registries/shared/models/diabetes/versions/2` |
 * | location asset id | `azureml://locations/eastus/workspaces/<guid>/models/m/versions/1` |
 * | ARM id, optionally `azureml:`-prefixed | `/subscriptions/…/workspaces/ws/models/m/versions/1` |
 *
 * The short spellings are shared by every asset type (`environment: azureml:my-env:1`), so a short spelling counts
 * as a model only when its key says so (`model:`, `"model":`, `model=`), or — as a *likely* model — when no key
 * names another asset type. Full ids carry their collection (`/models/`), so they are certain. `model:` keys of
 * `az ml` deployment YAMLs whose value is an inline mapping (`model: {path: ./m}` or an indented `path:` block)
 * describe a local folder to upload: reported as a local path, never as a reference.
 * Pure: no I/O.
 */
import { parseAssetRef, type AssetRef } from '../domain/ids';

export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextSpan {
  /** Offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export type ModelAssetRef = Extract<AssetRef, { kind: 'arm' | 'nameVersion' | 'nameLabel' | 'registryAsset' | 'locationAsset' }>;

export interface ModelReferenceMatch extends TextSpan {
  readonly raw: string;
  readonly ref: ModelAssetRef;
  /**
   * `certain`: a full model id, or any spelling under a model key. `likely`: a short spelling in free text whose
   * key (if any) names no other asset type — may be data or an environment in code we cannot type-check.
   */
  readonly confidence: 'certain' | 'likely';
  /** The key the value belongs to (`model`, `model_id`, …), when on the same line. */
  readonly key?: string;
}

/** A `model:` key whose value is an inline model to upload: `path` is local. */
export interface LocalModelMatch extends TextSpan {
  readonly path: string;
}

export interface RecogniseResult {
  readonly references: readonly ModelReferenceMatch[];
  readonly localModels: readonly LocalModelMatch[];
}

/** Keys naming another asset type: a short spelling under them is not a model. */
const otherAssetKey = /^(environment|environment_id|env|code|code_id|code_configuration|compute|component|components|data|dataset|datastore|image|instance_type|job|pipeline|conda_file|docker|registry|input_data|training_data|test_data|validation_data)$/i;
const modelKey = /model/i;

const NAME = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const SEG = `[^\\s/"'\`<>()\\[\\]{},;]+`;

/** Full ids first (longest), then short spellings; one pass per pattern, overlaps removed afterwards. */
const patterns: readonly RegExp[] = [
  // ARM id, optionally azureml:-prefixed, model with or without version.
  new RegExp(`(?:azureml:)?/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.MachineLearningServices/(?:workspaces|registries)/${SEG}/models/${SEG}(?:/versions/${SEG})?`, 'gi'),
  new RegExp(`azureml://registries/${SEG}/models/${SEG}/versions/${SEG}`, 'gi'),
  new RegExp(`azureml://locations/${SEG}/workspaces/${SEG}/models/${SEG}/versions/${SEG}`, 'gi'),
  // azureml:name:version | azureml:name@label — not followed by more path.
  new RegExp(`azureml:(?!//)(?!/)${NAME}(?::${NAME}|@[A-Za-z0-9_.-]+)(?![A-Za-z0-9_:/@-])`, 'gi'),
];

/** Trailing sentence punctuation that is never part of an id in prose (`… azureml:m:3.`). */
function trimTrailing(raw: string): string {
  return raw.replace(/[.:]+$/, '');
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The key the value at `offset` belongs to on its line: `key:`, `"key":`, `key=`, `key =` … */
export function keyBefore(text: string, offset: number): string | undefined {
  const prefix = text.slice(lineStartOf(text, offset), offset);
  const m = /["']?([A-Za-z_$][\w.$-]*)["']?\s*[:=]\s*["'{[]?\s*(?:-\s*)?$/.exec(prefix);
  if (m) return m[1];
  // A YAML list item under a key on an earlier line ("models:\n  - azureml:m:1") is rare; not followed.
  return undefined;
}

function isModelRef(ref: AssetRef | undefined): ref is ModelAssetRef {
  if (!ref) return false;
  switch (ref.kind) {
    case 'arm':
    case 'registryAsset':
    case 'locationAsset':
      return ref.collection.toLowerCase() === 'models';
    case 'nameVersion':
    case 'nameLabel':
      return true;
    default:
      return false;
  }
}

function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Local inline models under `model:` keys (YAML block or flow mapping with `path`). */
function findLocalModels(text: string): { locals: LocalModelMatch[]; modelValueSpans: TextSpan[] } {
  const locals: LocalModelMatch[] = [];
  const modelValueSpans: TextSpan[] = [];
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const m = /^(\s*)(?:-\s+)?model\s*:\s*(.*)$/.exec(line);
    if (m) {
      const indent = m[1]!.length;
      const value = m[2]!.replace(/\s+#.*$/, '').trim();
      const valueStart = offset + line.length - m[2]!.length;
      modelValueSpans.push({ start: valueStart, end: offset + line.length });
      const flow = /^\{(.*)\}$/.exec(value);
      if (flow) {
        const path = /(?:^|,)\s*["']?path["']?\s*:\s*["']?([^,"'}]+)["']?/.exec(flow[1]!);
        if (path) {
          const at = line.indexOf(path[1]!, line.length - m[2]!.length);
          locals.push({ start: offset + at, end: offset + at + path[1]!.trim().length, path: path[1]!.trim() });
        }
      } else if (value === '') {
        // Block mapping: the more-indented lines that follow.
        let childOffset = offset + line.length + 1;
        for (let j = i + 1; j < lines.length; j++) {
          const child = lines[j]!.replace(/\r$/, '');
          if (child.trim() === '' || /^\s*#/.test(child)) {
            childOffset += lines[j]!.length + 1;
            continue;
          }
          const childIndent = /^\s*/.exec(child)![0].length;
          if (childIndent <= indent) break;
          const p = /^(\s*)path\s*:\s*["']?([^"'#]+?)["']?\s*(?:#.*)?$/.exec(child);
          if (p) {
            const at = child.indexOf(p[2]!, p[1]!.length + 5);
            locals.push({ start: childOffset + at, end: childOffset + at + p[2]!.length, path: p[2]! });
          }
          childOffset += lines[j]!.length + 1;
        }
      }
    }
    offset += lines[i]!.length + 1;
  }
  return { locals, modelValueSpans };
}

export function recogniseModelReferences(text: string): RecogniseResult {
  const { locals, modelValueSpans } = findLocalModels(text);
  const found: ModelReferenceMatch[] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const raw = trimTrailing(m[0]);
      const span = { start: m.index, end: m.index + raw.length };
      if (found.some((f) => overlaps(f, span))) continue;
      const ref = parseAssetRef(raw);
      if (!isModelRef(ref)) continue;
      const key = keyBefore(text, span.start);
      const underModelKey = (key !== undefined && modelKey.test(key)) || modelValueSpans.some((s) => span.start >= s.start && span.start < s.end);
      const isShort = ref.kind === 'nameVersion' || ref.kind === 'nameLabel';
      if (isShort && !underModelKey && key !== undefined && otherAssetKey.test(key)) continue;
      found.push({ ...span, raw, ref, confidence: !isShort || underModelKey ? 'certain' : 'likely', ...(key !== undefined ? { key } : {}) });
    }
  }
  // Bare `name@latest` under a YAML model key (the CLI accepts it without the prefix).
  for (const span of modelValueSpans) {
    const value = text.slice(span.start, span.end);
    const bare = /^\s*["']?([A-Za-z0-9][A-Za-z0-9_.-]*@[A-Za-z0-9_.-]+)["']?\s*(?:#.*)?$/.exec(value);
    if (!bare) continue;
    const at = span.start + value.indexOf(bare[1]!);
    const hit = { start: at, end: at + bare[1]!.length };
    const ref = parseAssetRef(bare[1]!);
    if (isModelRef(ref) && !found.some((f) => overlaps(f, hit))) found.push({ ...hit, raw: bare[1]!, ref, confidence: 'certain', key: 'model' });
  }
  found.sort((a, b) => a.start - b.start);
  return { references: found, localModels: locals.sort((a, b) => a.start - b.start) };
}

/** Offset → zero-based line/character (what VS Code's Position takes). */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** What a deployment YAML (`az ml online-deployment create -f …`) says, for the CodeLens. */
export interface DeploymentYamlSummary {
  readonly name?: string;
  readonly endpointName?: string;
  /** The span of the top-level `model:` key line (where the CodeLens goes). */
  readonly modelKey?: TextSpan;
  readonly model?:
    | { readonly kind: 'reference'; readonly match: ModelReferenceMatch }
    | { readonly kind: 'local'; readonly match: LocalModelMatch }
    | { readonly kind: 'other'; readonly text: string };
  readonly isBatch: boolean;
}

function topLevelScalar(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}\\s*:\\s*["']?([^"'#\\r\\n]+?)["']?\\s*(?:#.*)?$`, 'm').exec(text);
  return m?.[1]?.trim() || undefined;
}

/**
 * A deployment YAML: a managed/Kubernetes/batch deployment `$schema`, or top-level `endpoint_name` plus `model`.
 * Undefined for anything else (endpoint YAMLs, job YAMLs, random files).
 */
export function summariseDeploymentYaml(text: string, recognised: RecogniseResult = recogniseModelReferences(text)): DeploymentYamlSummary | undefined {
  const schema = topLevelScalar(text, '\\$schema') ?? '';
  const endpointName = topLevelScalar(text, 'endpoint_name');
  const keyMatch = /^model\s*:(.*)$/m.exec(text);
  const isDeploymentSchema = /(online|batch)Deployment\.schema\.json/i.test(schema);
  if (!isDeploymentSchema && !(endpointName && keyMatch)) return undefined;
  const name = topLevelScalar(text, 'name');
  const summary: { -readonly [K in keyof DeploymentYamlSummary]: DeploymentYamlSummary[K] } = {
    isBatch: /batchDeployment/i.test(schema),
    ...(name ? { name } : {}),
    ...(endpointName ? { endpointName } : {}),
  };
  if (keyMatch) {
    const keyStart = keyMatch.index;
    const lineEnd = text.indexOf('\n', keyStart);
    summary.modelKey = { start: keyStart, end: lineEnd < 0 ? text.length : lineEnd };
    const reference = recognised.references.find((r) => r.start >= keyStart && r.start <= summary.modelKey!.end);
    const local = recognised.localModels.find((l) => l.start >= keyStart);
    if (reference) summary.model = { kind: 'reference', match: reference };
    else if (local && !/^model\s*:/m.test(text.slice(keyStart + 1, local.start))) summary.model = { kind: 'local', match: local };
    else if (keyMatch[1]!.trim()) summary.model = { kind: 'other', text: keyMatch[1]!.trim() };
  }
  return summary;
}

/** The documents of a multi-document YAML stream: spans between `---` separator lines (directives-end markers). */
export function yamlDocumentSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const separator = /^---[ \t]*(?:#.*)?(?:\r?\n|$)/gm;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (m.index > start || spans.length === 0) spans.push({ start, end: m.index });
    start = m.index + m[0].length;
    if (m[0].length === 0) separator.lastIndex++;
  }
  spans.push({ start, end: text.length });
  return spans.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

/**
 * `summariseDeploymentYaml` for each document of a (possibly multi-document) YAML, offsets into the whole text:
 * one entry per document that is a deployment.
 */
export function summariseDeploymentYamlDocuments(text: string, recognised: RecogniseResult = recogniseModelReferences(text)): DeploymentYamlSummary[] {
  const summaries: DeploymentYamlSummary[] = [];
  for (const span of yamlDocumentSpans(text)) {
    const inside = <T extends TextSpan>(x: T): boolean => x.start >= span.start && x.end <= span.end;
    const shift = <T extends TextSpan>(x: T, by: number): T => ({ ...x, start: x.start + by, end: x.end + by });
    const local: RecogniseResult = {
      references: recognised.references.filter(inside).map((r) => shift(r, -span.start)),
      localModels: recognised.localModels.filter(inside).map((l) => shift(l, -span.start)),
    };
    const summary = summariseDeploymentYaml(text.slice(span.start, span.end), local);
    if (!summary) continue;
    const model = summary.model;
    summaries.push({
      ...summary,
      ...(summary.modelKey ? { modelKey: shift(summary.modelKey, span.start) } : {}),
      ...(model?.kind === 'reference' ? { model: { kind: 'reference', match: shift(model.match, span.start) } }
        : model?.kind === 'local' ? { model: { kind: 'local', match: shift(model.match, span.start) } } : {}),
    });
  }
  return summaries;
}
