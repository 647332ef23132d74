/**
 * Endpoint traffic maps: validation and the "shift" plan. Rules the service enforces (and a few it does not,
 * but that keep an operator from half-doing a change):
 * - integer percentages 0..100, summing to exactly 100 (a rollback never sends an all-zero map);
 * - names only of deployments of the endpoint;
 * - every deployment that had a share before appears in the new map (an explicit 0 is a decision; a missing
 *   entry is how a partial PATCH silently drops a deployment to 0 %);
 * - a deployment never receives live and mirrored traffic at once, and the mirror map is sent unchanged.
 */
import { sameName, shareOf, type TrafficMap } from './types';

export interface TrafficProblem {
  readonly code: 'notInteger' | 'outOfRange' | 'sum' | 'unknownDeployment' | 'dropped' | 'mirrorConflict' | 'duplicate';
  readonly message: string;
}

export function trafficSum(map: TrafficMap): number {
  return Object.values(map).reduce((a, b) => a + b, 0);
}

/** Problems of sending `after` to an endpoint whose map is `before` and whose deployments are `deployments`. */
export function validateTrafficChange(input: {
  readonly before: TrafficMap;
  readonly after: TrafficMap;
  readonly mirror: TrafficMap;
  readonly deployments: readonly string[];
}): TrafficProblem[] {
  const problems: TrafficProblem[] = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(input.after)) {
    if (seen.has(name.toLowerCase())) problems.push({ code: 'duplicate', message: `Deployment '${name}' appears twice in the traffic map.` });
    seen.add(name.toLowerCase());
    if (!Number.isInteger(value)) problems.push({ code: 'notInteger', message: `Traffic for '${name}' must be a whole percentage, not ${value}.` });
    else if (value < 0 || value > 100) problems.push({ code: 'outOfRange', message: `Traffic for '${name}' must be between 0 and 100, not ${value}.` });
    if (!input.deployments.some((d) => sameName(d, name))) problems.push({ code: 'unknownDeployment', message: `'${name}' is not a deployment of this endpoint.` });
    if (value > 0 && shareOf(input.mirror, name) > 0) {
      problems.push({ code: 'mirrorConflict', message: `'${name}' receives ${shareOf(input.mirror, name)} % mirrored traffic; it cannot also receive live traffic. Change the mirror setting first.` });
    }
  }
  const sum = trafficSum(input.after);
  if (sum !== 100) problems.push({ code: 'sum', message: `Traffic must add up to 100 %, but it adds up to ${sum} %.` });
  for (const [name, value] of Object.entries(input.before)) {
    if (value > 0 && !Object.keys(input.after).some((n) => sameName(n, name))) {
      problems.push({ code: 'dropped', message: `'${name}' has ${value} % of the traffic but is missing from the new map; list it explicitly (0 to remove its share).` });
    }
  }
  return problems;
}

/**
 * The full map after moving all of `from`'s share to `to`; every other deployment keeps its share. Names keep
 * the spelling of the current map; deployments absent from it are added with their (0 or new) value.
 */
export function shiftTraffic(before: TrafficMap, from: string, to: string, deployments: readonly string[]): Record<string, number> {
  const moved = shareOf(before, from);
  const after: Record<string, number> = {};
  for (const [name, value] of Object.entries(before)) after[name] = value;
  for (const d of deployments) if (!Object.keys(after).some((n) => sameName(n, d))) after[d] = 0;
  for (const name of Object.keys(after)) {
    if (sameName(name, from)) after[name] = 0;
    else if (sameName(name, to)) after[name] = (after[name] ?? 0) + moved;
  }
  return after;
}

/** "blue 90 %, green 10 %" in the map's order; "no traffic" for an empty map. */
export function describeTraffic(map: TrafficMap): string {
  const entries = Object.entries(map);
  return entries.length ? entries.map(([n, v]) => `${n} ${v} %`).join(', ') : 'no traffic';
}

/** `blue=90,green=10`: compact form for history tags. */
export function formatTrafficCompact(map: TrafficMap): string {
  return Object.entries(map).map(([n, v]) => `${n}=${v}`).join(',');
}

export function parseTrafficCompact(text: string): Record<string, number> | undefined {
  if (text.trim() === '') return {};
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^([^=]+)=(\d{1,3})$/.exec(part.trim());
    // `__proto__` as a deployment name would swap the map's prototype instead of adding an entry: not a valid map.
    if (!m || m[1] === '__proto__') return undefined;
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

export function sameTraffic(a: TrafficMap, b: TrafficMap): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)].map((n) => n.toLowerCase()));
  for (const n of names) if (shareOf(a, n) !== shareOf(b, n)) return false;
  return true;
}
