/**
 * Markdown for tree tooltips, built from domain objects. Returns plain strings (wrapped in an untrusted
 * `MarkdownString` by the nodes) so escaping and truncation are unit-tested without VS Code.
 */
import type { ModelContainer, ModelVersion, StringMap } from '../core/domain/model';
import { formatTimestamp } from '../shared/dateText';
import { modelTypeLabel } from './modelTypes';
import { markdownText } from './serviceText';

export const tooltipLimits = { value: 120, description: 300, tags: 5, deployments: 5 } as const;

/** Facts about a version that come from elsewhere than the version itself (the caller looks them up). */
export interface VersionTooltipExtras {
  /** Where the version is deployed, one line each, e.g. "fraud-online/blue — 90 % traffic" (service text). */
  readonly deployedWhere?: readonly string[];
}

function line(label: string, value: string | undefined, maxLength: number = tooltipLimits.value): string | undefined {
  return value ? `**${label}:** ${markdownText(value, maxLength)}` : undefined;
}

function audit(at: Date | undefined, by: string | undefined): string | undefined {
  const when = formatTimestamp(at);
  if (when && by) return `${when} by ${by}`;
  return when ?? by;
}

/** Up to `tooltipLimits.tags` tags in key order, then how many were left out. */
function tagLines(tags: StringMap | null | undefined): string[] {
  const entries = Object.entries(tags ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return [];
  const shown = entries.slice(0, tooltipLimits.tags).map(([key, value]) => {
    const text = typeof value === 'string' && value !== '' ? `${markdownText(key, 40)} \\= ${markdownText(value, tooltipLimits.value)}` : markdownText(key, 40);
    return `- ${text}`;
  });
  const hidden = entries.length - shown.length;
  return ['**Tags:**', ...shown, ...(hidden > 0 ? [`- _and ${hidden} more_`] : [])];
}

function join(blocks: (string | undefined)[]): string {
  // Two trailing spaces = hard line break in Markdown, so facts stay on separate lines without paragraph gaps.
  return blocks.filter((b): b is string => !!b).join('  \n');
}

/** Up to `tooltipLimits.deployments` lines under a "Deployed" heading, then how many were left out. */
function deploymentLines(lines: readonly string[] | undefined): string[] {
  if (!lines || lines.length === 0) return [];
  const shown = lines.slice(0, tooltipLimits.deployments).map((text) => `- ${markdownText(text, tooltipLimits.value)}`);
  const hidden = lines.length - shown.length;
  return ['**Deployed:**', ...shown, ...(hidden > 0 ? [`- _and ${hidden} more_`] : [])];
}

export function versionTooltip(version: ModelVersion, extras: VersionTooltipExtras = {}): string {
  const header = `**${markdownText(version.modelName, 80)}** : ${markdownText(version.version, 40)}`;
  const facts = join([
    header,
    line('Type', modelTypeLabel(version.modelType)),
    line('Stage', version.stage),
    version.isArchived ? '**Archived**' : undefined,
    line('Created', audit(version.createdAt, version.createdBy)),
    line('Description', version.description, tooltipLimits.description),
  ]);
  const blocks = [facts, ...[deploymentLines(extras.deployedWhere), tagLines(version.tags)].filter((b) => b.length > 0).map((b) => b.join('\n'))];
  return blocks.join('\n\n');
}

export function modelTooltip(model: ModelContainer): string {
  const facts = join([
    `**${markdownText(model.name, 80)}**`,
    line('Latest version', model.latestVersion),
    model.isArchived ? '**Archived**' : undefined,
    line('Created', audit(model.createdAt, model.createdBy)),
    line('Description', model.description, tooltipLimits.description),
  ]);
  const tags = tagLines(model.tags);
  return tags.length > 0 ? `${facts}\n\n${tags.join('\n')}` : facts;
}
