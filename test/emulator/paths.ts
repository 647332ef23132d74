import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this file (source or bundled under out/) holding package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Shared fixtures checked out beside the repository (`../shared`). */
export function sharedFixturesDir(): string {
  return resolve(repoRoot(), '..', 'shared', 'fixtures');
}
