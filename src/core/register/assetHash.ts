/**
 * The content hash `az ml` uses for the `LocalUpload/<hash>/` prefix (azure-ai-ml `get_object_hash`, reference
 * §3.1 step 3): MD5 seeded with "Initialize for october 2021 AML CLI version"; for a folder, each non-ignored entry
 * (sorted by lower-cased path) contributes its name (UTF-8) and then its bytes (files) or its own entries (folders);
 * for a single file only its bytes. Bytes stream through the port; nothing is held in memory.
 */
import { createHash } from 'node:crypto';
import type { FileTreeReader } from './fileTree';
import type { HashStep } from './folderScan';

export const cliHashSeed = 'Initialize for october 2021 AML CLI version';

export interface HashProgress {
  (bytesHashed: number): void;
}

/**
 * `onFileDigest`, when given, also receives each file's own MD5 (computed in the same read), so an upload can set
 * Content-MD5 without reading the bytes a second time for hashing.
 */
export async function cliFolderHash(
  reader: FileTreeReader, steps: readonly HashStep[], onBytes?: HashProgress, signal?: AbortSignal,
  onFileDigest?: (rel: string, md5: Uint8Array) => void,
): Promise<string> {
  const md5 = createHash('md5').update(cliHashSeed, 'utf8');
  for (const step of steps) {
    if ('name' in step) {
      md5.update(step.name, 'utf8');
      continue;
    }
    const own = onFileDigest ? createHash('md5') : undefined;
    for await (const chunk of reader.readChunks(step.file)) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      md5.update(chunk);
      own?.update(chunk);
      onBytes?.(chunk.byteLength);
    }
    if (own) onFileDigest!(step.file, own.digest());
  }
  return md5.digest('hex');
}

/** Hash of a single file (the reader's root is the file's folder, `rel` the file name). */
export async function cliFileHash(
  reader: FileTreeReader, rel: string, onBytes?: HashProgress, signal?: AbortSignal,
  onFileDigest?: (rel: string, md5: Uint8Array) => void,
): Promise<string> {
  const md5 = createHash('md5').update(cliHashSeed, 'utf8');
  const own = onFileDigest ? createHash('md5') : undefined;
  for await (const chunk of reader.readChunks(rel)) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    md5.update(chunk);
    own?.update(chunk);
    onBytes?.(chunk.byteLength);
  }
  if (own) onFileDigest!(rel, own.digest());
  return md5.digest('hex');
}
