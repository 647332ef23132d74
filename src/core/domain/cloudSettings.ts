/**
 * Turns the user's cloud settings into `CloudEndpoints`. Settings are untyped JSON, so every field of a custom
 * cloud is checked and the error names the exact setting to fix instead of failing later inside a request.
 */
import { InventoryError } from '../errors';
import { publicClouds } from './cloud';
import type { CloudEndpoints, CloudName } from './cloud';

const customFields = ['resourceManagerEndpoint', 'resourceManagerAudience', 'authorityHost', 'blobEndpointTemplate', 'studioUrl'] as const;
type CustomField = (typeof customFields)[number];

/** Bearer tokens are only ever sent over TLS (the SDK refuses otherwise), so these must be https. */
const httpsOnly: ReadonlySet<CustomField> = new Set(['resourceManagerEndpoint', 'authorityHost']);

function invalid(settingName: string, problem: string): InventoryError {
  return new InventoryError('validation', `Setting "${settingName}" ${problem}`, { code: 'InvalidCloudSetting' });
}

function checkUrl(settingName: string, field: CustomField, raw: string): string {
  const text = field === 'blobEndpointTemplate' ? raw.replace('{accountName}', 'account') : raw;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(settingName, `is not a valid URL: "${raw}".`);
  }
  if (httpsOnly.has(field) ? url.protocol !== 'https:' : !['https:', 'http:'].includes(url.protocol)) {
    throw invalid(settingName, `must be an ${httpsOnly.has(field) ? 'https' : 'http(s)'} URL: "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}

/**
 * `settingPrefix` is the full name of the custom cloud setting (e.g. `amlInventory.customCloud`), used in messages.
 * Throws `InventoryError('validation')` naming the first bad field.
 */
export function resolveCloud(name: unknown, custom: unknown, settingPrefix: string): CloudEndpoints {
  if (name !== 'Custom') {
    const known = publicClouds[name as Exclude<CloudName, 'Custom'>];
    if (!known) throw invalid(settingPrefix.replace(/\.customCloud$/, '.cloud'), `has an unknown value: ${JSON.stringify(name)}.`);
    return known;
  }
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) {
    throw invalid(settingPrefix, `must be an object with ${customFields.join(', ')} when the cloud is "Custom".`);
  }
  const values = custom as Record<string, unknown>;
  const resolved = {} as Record<CustomField, string>;
  for (const field of customFields) {
    const settingName = `${settingPrefix}.${field}`;
    const value = values[field];
    if (typeof value !== 'string' || value.trim() === '') throw invalid(settingName, 'is required when the cloud is "Custom".');
    resolved[field] = field === 'resourceManagerAudience' ? value.trim() : checkUrl(settingName, field, value.trim());
  }
  if (!resolved.blobEndpointTemplate.includes('{accountName}')) {
    throw invalid(`${settingPrefix}.blobEndpointTemplate`, 'must contain "{accountName}", e.g. "https://{accountName}.blob.core.windows.net".');
  }
  return { name: 'Custom', ...resolved, isKnownAuthority: false };
}
