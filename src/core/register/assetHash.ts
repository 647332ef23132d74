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

export async function cliFolderHash(reader: FileTreeReader, steps: readonly HashStep[], onBytes?: HashProgress, signal?: AbortSignal): Promise<string> {
  const md5 = createHash('md5').update(cliHashSeed, 'utf8');
  for (const step of steps) {
    if ('name' in step) {
      md5.update(step.name, 'utf8');
      continue;
    }
    for await (const chunk of reader.readChunks(step.file)) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      md5.update(chunk);
      onBytes?.(chunk.byteLength);
    }
  }
  return md5.digest('hex');
}

/** Hash of a single file (the reader's root is the file's folder, `rel` the file name). */
export async function cliFileHash(reader: FileTreeReader, rel: string, onBytes?: HashProgress, signal?: AbortSignal): Promise<string> {
  const md5 = createHash('md5').update(cliHashSeed, 'utf8');
  for await (const chunk of reader.readChunks(rel)) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    md5.update(chunk);
    onBytes?.(chunk.byteLength);
  }
  return md5.digest('hex');
}
