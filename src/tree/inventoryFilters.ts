/**
 * What the user narrowed the tree to. The model-name filter is applied client-side to loaded model pages (the
 * model list API has no name filter); tag filters are sent to the server with each version page. A tag filter set
 * on one model node overrides the view-wide one for that model.
 */
import type { TagFilter } from '../core/ports/catalog';

export function describeTagFilters(filters: readonly TagFilter[]): string {
  return filters.map((f) => (f.value === undefined ? f.key : `${f.key}=${f.value}`)).join(', ');
}

export class InventoryFilters {
  private name: string | undefined;
  private tags: readonly TagFilter[] = [];
  private readonly tagsByModel = new Map<string, readonly TagFilter[]>();

  get modelName(): string | undefined {
    return this.name;
  }

  get isActive(): boolean {
    return this.name !== undefined || this.tags.length > 0 || this.tagsByModel.size > 0;
  }

  setModelName(text: string | undefined): void {
    const trimmed = text?.trim();
    this.name = trimmed ? trimmed : undefined;
  }

  matchesModelName(modelName: string): boolean {
    return this.name === undefined || modelName.toLowerCase().includes(this.name.toLowerCase());
  }

  /** `modelNodeId` undefined = the view-wide filter. An empty list clears. */
  setTags(filters: readonly TagFilter[], modelNodeId?: string): void {
    if (modelNodeId === undefined) this.tags = filters;
    else if (filters.length > 0) this.tagsByModel.set(modelNodeId, filters);
    else this.tagsByModel.delete(modelNodeId);
  }

  tagsFor(modelNodeId: string): readonly TagFilter[] {
    return this.tagsByModel.get(modelNodeId) ?? this.tags;
  }

  /** Clears one model's filter, or everything when no model is given. */
  clear(modelNodeId?: string): void {
    if (modelNodeId !== undefined) {
      this.tagsByModel.delete(modelNodeId);
      return;
    }
    this.name = undefined;
    this.tags = [];
    this.tagsByModel.clear();
  }

  /** For the view description: `filtered: name "fraud", tags env=prod`. */
  describe(): string | undefined {
    const parts: string[] = [];
    if (this.name !== undefined) parts.push(`name "${this.name}"`);
    if (this.tags.length > 0) parts.push(`tags ${describeTagFilters(this.tags)}`);
    if (this.tagsByModel.size > 0) parts.push(`${this.tagsByModel.size} model tag filter${this.tagsByModel.size > 1 ? 's' : ''}`);
    return parts.length > 0 ? `filtered: ${parts.join('; ')}` : undefined;
  }
}
