/**
 * The file-tree port the register planner reads through. Core never touches the disk: an adapter
 * (`src/azure/localFiles.ts`) implements this over `node:fs`, unit tests over an in-memory tree.
 *
 * Paths handed to the port are relative to the chosen root and use `/` separators; `''` is the root itself.
 */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface EntryStat {
  readonly kind: EntryKind;
  /** Bytes for files; 0 otherwise. */
  readonly size: number;
}

/** Where a symlink leads. `undefined` from `resolveLink` means dangling. */
export interface LinkTarget {
  /** The target's kind after following every link (never `symlink`). */
  readonly kind: Exclude<EntryKind, 'symlink'>;
  readonly size: number;
  /** Canonical absolute path of the target (for loop detection and display). */
  readonly realPath: string;
  /** True when the target is the root or below it. */
  readonly insideRoot: boolean;
}

export interface FileTreeReader {
  /** Canonical absolute path of the root (or of `rel`). */
  realPath(rel: string): Promise<string>;
  /** Entry names of a directory (no `.`/`..`), in no particular order. */
  readDir(rel: string): Promise<readonly string[]>;
  /** Kind and size of the entry itself (symlinks are not followed). */
  lstat(rel: string): Promise<EntryStat>;
  /** Follows a symlink; undefined when it is dangling. */
  resolveLink(rel: string): Promise<LinkTarget | undefined>;
  /** Throws when the file cannot be opened for reading. */
  checkReadable(rel: string): Promise<void>;
  /** The file's bytes in chunks, streamed (never the whole file in memory). */
  readChunks(rel: string, chunkSize?: number): AsyncIterable<Uint8Array>;
  /** A small text file (ignore files, MLmodel, config.pbtxt); undefined when missing. */
  readText(rel: string, maxBytes?: number): Promise<string | undefined>;
  /**
   * Optional: each file's own MD5 (same order as `rels`), computed off the calling thread so the planner can run it
   * alongside the CLI hash. Without it the planner derives the MD5s from the CLI hash's own read.
   */
  md5Files?(rels: readonly string[], signal?: AbortSignal): Promise<readonly Uint8Array[]>;
}
