/**
 * Hover Markdown, CodeLens titles and diagnostic messages for model references. Pure (no `vscode`): every piece of
 * service text goes through `markdownText` (escaped, cleaned, truncated), so tags such as `<script>` or `**x**`
 * render literally. Command links are built by the caller from these parts and enabled one by one.
 */
import { describeDeployedWhere, type DeployedWhere } from '../core/deployments/deployedIndex';
import type { ModelVersion } from '../core/domain/model';
import type { DeploymentYamlSummary, ModelReferenceMatch } from '../core/references/recognise';
import type { ReferenceResolution } from '../core/references/resolver';
import { formatTimestamp } from '../shared/dateText';
import { modelTypeLabel } from '../tree/modelTypes';
import { markdownText } from '../tree/serviceText';

export interface HoverFacts {
  readonly resolution: ReferenceResolution;
  readonly deployed: readonly DeployedWhere[];
  readonly approvalTagKey: string;
  /** The workspace short references resolve against, for the "no workspace" and "missing" texts. */
  readonly workspaceName?: string;
}

export interface HoverLinks {
  readonly openDetails?: string;
  readonly compareWithDeployed?: string;
  readonly pickWorkspace?: string;
}

function when(date: Date | undefined): string | undefined {
  return formatTimestamp(date);
}

function where(version: ModelVersion): string {
  return `${version.scope.kind} ${markdownText(version.scope.name, 80)}`;
}

/** Up to 5 tags, the approval tag first. */
export function keyTags(tags: Readonly<Record<string, string>>, approvalTagKey: string, max = 5): Array<[string, string]> {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  const approval = entries.filter(([k]) => approvalTagKey !== '' && k === approvalTagKey);
  return [...approval, ...entries.filter(([k]) => k !== approvalTagKey)].slice(0, max);
}

export function hoverMarkdown(match: ModelReferenceMatch, facts: HoverFacts, links: HoverLinks): string {
  const r = facts.resolution;
  const lines: string[] = [];
  const linkLine = (): string | undefined => {
    const parts = [
      links.openDetails ? `[Open details](${links.openDetails})` : undefined,
      links.compareWithDeployed ? `[Compare with deployed](${links.compareWithDeployed})` : undefined,
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : undefined;
  };
  switch (r.status) {
    case 'found': {
      const v = r.version;
      lines.push(`**${markdownText(v.modelName, 80)} : ${markdownText(v.version, 40)}** — model version in ${where(v)}${r.viaLabel ? ` (\`@${markdownText(r.viaLabel, 20)}\`)` : ''}`);
      lines.push(`**Type:** ${markdownText(modelTypeLabel(v.modelType), 60)}${v.stage ? ` · **Stage:** ${markdownText(v.stage, 40)}` : ''}`);
      const created = when(v.createdAt);
      if (created) lines.push(`**Created:** ${markdownText(created, 40)}${v.createdBy ? ` by ${markdownText(v.createdBy, 60)}` : ''}`);
      if (v.isArchived) lines.push('**Archived** — hidden from lists; new jobs and deployments cannot use it.');
      if (r.container.isArchived) lines.push(`**The model ${markdownText(v.modelName, 80)} is archived.**`);
      const approval = facts.approvalTagKey ? v.tags[facts.approvalTagKey] : undefined;
      if (approval !== undefined) lines.push(`**Approval:** ${markdownText(approval || '(empty)', 60)}`);
      const tags = keyTags(v.tags, facts.approvalTagKey).filter(([k]) => k !== facts.approvalTagKey);
      if (tags.length) lines.push(`**Tags:** ${tags.map(([k, val]) => `${markdownText(k, 40)} \\= ${markdownText(val, 60)}`).join(' · ')}`);
      if (facts.deployed.length) lines.push(`**Deployed:** ${facts.deployed.map((d) => markdownText(describeDeployedWhere(d), 120)).join(' · ')}`);
      else {
        // The deployments read are the endpoints of the workspace references resolve in (or the version's own).
        const workspaceName = facts.workspaceName ?? (v.scope.kind === 'workspace' ? v.scope.name : undefined);
        lines.push(workspaceName ? `**Deployed:** not in any endpoint of ${markdownText(workspaceName, 80)}` : '**Deployed:** not in any endpoint you can see');
      }
      if (r.newer.length) {
        const shown = r.newer.slice(0, 5).map((n) => markdownText(n.version, 30)).join(', ');
        lines.push(`**Newer versions available:** ${shown}${r.newer.length > 5 ? ` and ${r.newer.length - 5} more` : ''}`);
      } else lines.push('This is the newest version.');
      if (v.description) lines.push(`_${markdownText(v.description, 200)}_`);
      const l = linkLine();
      if (l) lines.push(l);
      break;
    }
    case 'versionMissing':
      lines.push(`**${markdownText(r.container.name, 80)} : ${markdownText(r.version, 40)}** — no such version.`);
      lines.push(r.latest ? `The latest version of ${markdownText(r.container.name, 80)} is ${markdownText(r.latest, 40)}.` : 'The model has no versions you can see.');
      break;
    case 'modelMissing':
      lines.push(`**${markdownText(r.key.modelName, 80)}** — no model with this name in ${r.key.location.kind === 'scope' ? `${r.key.location.scope.kind} ${markdownText(r.key.location.scope.name, 80)}` : `registry ${markdownText(r.key.location.registryName, 80)}`}.`);
      break;
    case 'noWorkspace':
      lines.push(`**${markdownText(r.modelName, 80)}** — \`azureml:\` short references resolve against a workspace, and none is chosen for this folder.`);
      if (links.pickWorkspace) lines.push(`[Choose workspace…](${links.pickWorkspace})`);
      break;
    case 'unresolvable':
      lines.push(`Model reference: ${markdownText(r.reason, 200)}`);
      break;
    case 'error':
      lines.push(`**${markdownText(r.key.modelName, 80)}** could not be looked up: ${markdownText(r.message, 300)}`);
      break;
  }
  // Not a code span: backslash escapes would show literally inside one.
  lines.push(`_Azure ML model reference:_ ${markdownText(match.raw, 300)}`);
  return lines.join('  \n');
}

/** Warning text for a reference, or undefined when there is nothing to warn about. */
export function diagnosticMessage(match: ModelReferenceMatch, r: ReferenceResolution): string | undefined {
  switch (r.status) {
    case 'found':
      if (r.version.isArchived) return `${r.version.modelName}:${r.version.version} is archived${r.newer.length ? `; newer: ${r.newer[0]!.version}` : ''}. New jobs and deployments cannot use archived versions.`;
      if (r.container.isArchived) return `The model ${r.container.name} is archived.`;
      return undefined;
    case 'versionMissing':
      return `${r.container.name} has no version ${r.version}${r.latest ? ` (latest is ${r.latest})` : ''}.`;
    case 'modelMissing':
      // A "likely" short reference could name data or an environment: only certain ones warn when the model is unknown.
      if (match.confidence !== 'certain') return undefined;
      return `No model named ${r.key.modelName} in ${r.key.location.kind === 'scope' ? `${r.key.location.scope.kind} ${r.key.location.scope.name}` : `registry ${r.key.location.registryName}`}.`;
    default:
      return undefined;
  }
}

function versionLabel(modelName: string | undefined, version: string, otherModel: string | undefined): string {
  return modelName !== undefined && otherModel !== undefined && modelName === otherModel ? `v${version}` : `${modelName ?? '?'}:${version}`;
}

export interface LiveDeployment {
  readonly modelName?: string;
  readonly version?: string;
  readonly raw?: string;
  readonly trafficPercent?: number;
  readonly kind: 'online' | 'batch';
}

/** "live: v3 (90 %) · this file: v4"; names are shown when the two sides name different models. */
export function codeLensTitle(summary: DeploymentYamlSummary, live: LiveDeployment | undefined | 'unknown'): string {
  const fileModel = summary.model?.kind === 'reference' ? fileTarget(summary.model.match) : undefined;
  const liveText = live === 'unknown'
    ? 'live: unknown (deployments not read)'
    : !live
      ? `live: no deployment ${summary.name ?? '?'} on ${summary.endpointName ?? '?'}`
      : `live: ${live.version !== undefined ? versionLabel(live.modelName, live.version, fileModel?.modelName) : live.raw ?? '(no model)'}${live.kind === 'online' ? ` (${live.trafficPercent ?? 0} %)` : ' (batch)'}`;
  let fileText: string;
  switch (summary.model?.kind) {
    case 'reference':
      fileText = fileModel?.version !== undefined
        ? versionLabel(fileModel.modelName, fileModel.version, live !== 'unknown' ? live?.modelName : undefined)
        : summary.model.match.raw;
      break;
    case 'local':
      fileText = `local folder ${summary.model.match.path}`;
      break;
    case 'other':
      fileText = summary.model.text;
      break;
    default:
      fileText = 'no model';
  }
  return `${liveText} · this file: ${fileText}`;
}

/** Model name and version (or `@label`) a reference spells, without resolving it. */
export function fileTarget(match: ModelReferenceMatch): { modelName: string; version?: string } {
  const ref = match.ref;
  switch (ref.kind) {
    case 'nameLabel':
      return { modelName: ref.name, version: `@${ref.label}` };
    case 'arm':
      return { modelName: ref.name, ...(ref.version !== undefined ? { version: ref.version } : {}) };
    default:
      return { modelName: ref.name, version: ref.version };
  }
}
