/**
 * Model type detection from a scanned folder, as the user would classify it:
 * - an `MLmodel` file at the root → `mlflow_model`, with the flavors read from it;
 * - a Triton layout → `triton_model`: either one model (`config.pbtxt` + numeric version folders at the root) or a
 *   model repository (sub-folders that each are such a model);
 * - anything else (and a single file) → `custom_model`.
 */
export type KnownModelType = 'custom_model' | 'mlflow_model' | 'triton_model';

export const knownModelTypes: readonly KnownModelType[] = ['custom_model', 'mlflow_model', 'triton_model'];

/** ARM shape of MLflow flavors: flavor name → `{ data: { key: value } }`. */
export type ArmFlavors = Record<string, { data: Record<string, string> }>;

export interface DetectedType {
  readonly modelType: KnownModelType;
  /** Why, for the confirm step: "MLmodel found", "Triton layout (config.pbtxt + version folders 1)". */
  readonly reason: string;
  /**
   * Set when the folder is not itself an MLflow or Triton model but exactly one immediate sub-folder is: what to
   * register instead ("An MLflow model was found in 'model/'. Register that folder to get an MLflow model.").
   */
  readonly hint?: string;
}

const numeric = /^[0-9]+$/;

export function detectModelType(files: readonly string[], directories: readonly string[], isSingleFile: boolean): DetectedType {
  const own = detectOwnType(files, directories, isSingleFile);
  if (own.modelType !== 'custom_model' || isSingleFile) return own;
  const hint = nestedModelHint(files, directories);
  return hint ? { ...own, hint } : own;
}

/** One level down: exactly one immediate sub-folder that is an MLflow model (or, failing that, a Triton one). */
function nestedModelHint(files: readonly string[], directories: readonly string[]): string | undefined {
  const topDirs = directories.filter((d) => !d.includes('/')).sort();
  const inside = (d: string) => ({
    files: files.filter((f) => f.startsWith(`${d}/`)).map((f) => f.slice(d.length + 1)),
    directories: directories.filter((x) => x.startsWith(`${d}/`)).map((x) => x.slice(d.length + 1)),
  });
  const typed = topDirs.map((d) => {
    const sub = inside(d);
    return { d, type: detectOwnType(sub.files, sub.directories, false).modelType };
  });
  const mlflow = typed.filter((t) => t.type === 'mlflow_model');
  if (mlflow.length === 1) return `An MLflow model was found in '${mlflow[0]!.d}/'. Register that folder to get an MLflow model.`;
  const triton = typed.filter((t) => t.type === 'triton_model');
  if (mlflow.length === 0 && triton.length === 1) return `A Triton model was found in '${triton[0]!.d}/'. Register that folder to get a Triton model.`;
  return undefined;
}

function detectOwnType(files: readonly string[], directories: readonly string[], isSingleFile: boolean): DetectedType {
  if (isSingleFile) return { modelType: 'custom_model', reason: 'a single file' };
  if (files.includes('MLmodel')) return { modelType: 'mlflow_model', reason: 'an MLmodel file at the root' };
  const dirs = new Set(directories);
  const versionsUnder = (prefix: string): string[] =>
    [...dirs].filter((d) => d.startsWith(prefix) && !d.slice(prefix.length).includes('/') && numeric.test(d.slice(prefix.length)));
  const rootVersions = versionsUnder('');
  if (files.includes('config.pbtxt') && rootVersions.length > 0) {
    return { modelType: 'triton_model', reason: `a Triton model (config.pbtxt + version folder${rootVersions.length > 1 ? 's' : ''} ${rootVersions.sort().join(', ')})` };
  }
  const topDirs = [...dirs].filter((d) => !d.includes('/'));
  const tritonModels = topDirs.filter((d) => files.includes(`${d}/config.pbtxt`) && versionsUnder(`${d}/`).length > 0);
  if (tritonModels.length > 0 && tritonModels.length === topDirs.length) {
    return { modelType: 'triton_model', reason: `a Triton model repository (${tritonModels.sort().join(', ')})` };
  }
  return { modelType: 'custom_model', reason: 'no MLmodel file or Triton layout' };
}

/**
 * The `flavors` of an MLmodel file. MLmodel is free YAML written by MLflow (multi-line quoted signatures, lists),
 * so this reads leniently: only the `flavors:` block, flavor names one level in, scalar entries one level further;
 * nested structures inside a flavor are kept as their first line's text or skipped.
 */
export function parseMlmodelFlavors(text: string): ArmFlavors {
  const flavors: ArmFlavors = {};
  let inFlavors = false;
  let flavorIndent = -1;
  let entryIndent = -1;
  let current: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    if (rawLine.trim() === '' || rawLine.trim().startsWith('#')) continue;
    const indent = /^ */.exec(rawLine)![0].length;
    const line = rawLine.trim();
    if (indent === 0) {
      inFlavors = /^flavors:\s*$/.test(line);
      flavorIndent = entryIndent = -1;
      current = undefined;
      continue;
    }
    if (!inFlavors) continue;
    if (flavorIndent < 0) flavorIndent = indent;
    if (indent === flavorIndent) {
      const m = /^([^:\s][^:]*):\s*$/.exec(line);
      current = m ? unquote(m[1]!.trim()) : undefined;
      if (current) flavors[current] = { data: {} };
      entryIndent = -1;
      continue;
    }
    if (!current || indent < flavorIndent) continue;
    if (entryIndent < 0) entryIndent = indent;
    if (indent !== entryIndent) continue;
    const m = /^([^:\s][^:]*):(?:\s+(.*))?$/.exec(line);
    if (!m) continue;
    const value = (m[2] ?? '').trim();
    if (value === '') continue;
    flavors[current]!.data[unquote(m[1]!.trim())] = unquote(value);
  }
  return flavors;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return value;
}
