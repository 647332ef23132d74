import { readFileSync } from 'node:fs';

/**
 * Reads `flavors` from an MLflow MLmodel file into the ARM shape `{ <flavor>: { data: { key: value } } }`.
 * MLmodel is YAML; flavors is always a two-level map of scalars, so a line-based reader is enough here.
 */
export function readMlflowFlavors(mlmodelPath: string): Record<string, { data: Record<string, string> }> {
  const flavors: Record<string, { data: Record<string, string> }> = {};
  let inFlavors = false;
  let current: string | undefined;
  for (const line of readFileSync(mlmodelPath, 'utf8').split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inFlavors = line.startsWith('flavors:');
      current = undefined;
      continue;
    }
    if (!inFlavors) continue;
    const flavor = /^ {2}(\w[\w.-]*):\s*$/.exec(line);
    const entry = /^ {4}(\w[\w.-]*):\s*(.*)$/.exec(line);
    if (flavor) flavors[(current = flavor[1])] = { data: {} };
    else if (entry && current) flavors[current].data[entry[1]] = entry[2].replace(/^'(.*)'$/, '$1');
  }
  return flavors;
}
