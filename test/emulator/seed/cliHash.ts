import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The content hash `az ml` (azure-ai-ml `get_object_hash`) uses for the `LocalUpload/<hash>/` prefix: MD5 seeded with
 * a fixed string; a folder's entries sorted by lower-cased full path, each contributing its name and then its bytes
 * (files) or its own entries (folders). No ignore file is involved for the seed folders.
 */
const SEED = 'Initialize for october 2021 AML CLI version';

function hashDir(dir: string, hash: Hash): void {
  const entries = readdirSync(dir).map((name) => join(dir, name)).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  for (const full of entries) {
    hash.update(full.slice(dir.length + 1));
    if (statSync(full).isDirectory()) hashDir(full, hash);
    else hash.update(readFileSync(full));
  }
}

export function cliObjectHash(path: string): string {
  const hash = createHash('md5').update(SEED);
  if (statSync(path).isDirectory()) hashDir(path, hash);
  else hash.update(readFileSync(path));
  return hash.digest('hex');
}
