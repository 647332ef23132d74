import type { TrackedResourceRecord } from '../../state/model';

/** ARM body of a tracked Azure ML resource (endpoint or deployment) from its stored parts. */
export function renderTracked(record: TrackedResourceRecord, id: string, type: string) {
  const body: Record<string, unknown> = { id, name: record.name, type, properties: record.properties, systemData: record.systemData, tags: record.tags, location: record.location };
  if (record.kind !== null) body.kind = record.kind;
  if (record.identity !== null) body.identity = record.identity;
  if (record.sku !== null) body.sku = record.sku;
  return body;
}
