/**
 * Checks of what the user typed, with the service's rules, before any byte moves. Every function returns a
 * message the user can act on, or undefined.
 */
import { validateModelName } from '../domain/modelName';
import type { ScopeKind } from '../domain/ids';

/** Workspace version strings: the service's asset-version rule. */
const workspaceVersion = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,29}$/;

export function validateRegisterName(name: string, target: ScopeKind): string | undefined {
  const problem = validateModelName(name);
  if (!problem) return undefined;
  return target === 'registry' ? `${problem} (Registry model names follow the same rule.)` : problem;
}

export interface VersionCheckContext {
  /** The container's `nextVersion`, when the model exists. */
  readonly nextVersion?: string;
  /** True when this version already exists in the model. */
  readonly exists?: boolean;
}

export function validateVersion(version: string, target: ScopeKind, context: VersionCheckContext = {}): string | undefined {
  if (version.trim() === '') return 'Enter a version.';
  if (version !== version.trim()) return 'A version cannot start or end with spaces.';
  if (target === 'registry') {
    if (!/^[0-9]+$/.test(version) || /^0+$/.test(version)) return `In a registry the version must be a positive whole number such as 1 or 2 (got "${version}").`;
    if (/^0/.test(version)) return `Write the version without leading zeros (${String(Number(version))}).`;
  } else if (!workspaceVersion.test(version)) {
    return `A version must start with a letter or digit and contain only letters, digits, ".", "-" and "_", at most 30 characters (got "${version}").`;
  }
  if (context.exists) {
    return `Version ${version} already exists${context.nextVersion ? `; the next free version is ${context.nextVersion}` : ''}. Versions cannot be overwritten.`;
  }
  return undefined;
}

/** Tag and property keys: non-empty, no leading/trailing whitespace, no control characters, at most 256 chars. */
function keyProblem(key: string, what: string): string | undefined {
  if (key.trim() === '') return `A ${what} key cannot be empty.`;
  if (key !== key.trim()) return `The ${what} key "${key}" starts or ends with spaces.`;
  if (key.length > 256) return `The ${what} key "${key.slice(0, 20)}…" is longer than 256 characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return `The ${what} key "${key}" contains a control character.`;
  if (/[=]/.test(key)) return `The ${what} key "${key}" contains "=".`;
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return `The ${what} key "${key}" is not allowed.`;
  return undefined;
}

export interface KeyValueResult {
  readonly values: Record<string, string>;
  readonly problems: readonly string[];
}

/**
 * `key=value` entries (one per item, or `;`/newline-separated in one string) → a map, with a message per problem:
 * missing `=`, empty or whitespace-only value, bad key, duplicate key.
 */
export function parseKeyValues(entries: readonly string[] | string, what: 'tag' | 'property'): KeyValueResult {
  const items = typeof entries === 'string' ? entries.split(/[\n;]/) : entries;
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      problems.push(`"${item}" is not key=value: add "=" and a value for the ${what}.`);
      continue;
    }
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    const problem = keyProblem(key, what) ?? valueProblem(key, value, what);
    if (problem) problems.push(problem);
    else if (Object.prototype.hasOwnProperty.call(values, key)) problems.push(`The ${what} "${key}" is given twice; keep one.`);
    else values[key] = value.trim();
  }
  return { values, problems };
}

function valueProblem(key: string, value: string, what: string): string | undefined {
  if (value.trim() === '') return `The ${what} "${key}" has an empty value; give it a value or remove it.`;
  if (value.length > 5000) return `The value of ${what} "${key}" is longer than 5,000 characters.`;
  return undefined;
}

/** Checks an already-built map (from a YAML spec). */
export function validateKeyValueMap(map: Readonly<Record<string, string>>, what: 'tag' | 'property'): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    const problem = keyProblem(key, what) ?? valueProblem(key, value, what);
    if (problem) problems.push(problem);
  }
  return problems;
}

export const knownStages = ['Development', 'Staging', 'Production', 'Archived'] as const;
