/**
 * Walks a model folder through the `FileTreeReader` port the way `az ml` does, applying the ignore rules and the
 * symlink policy, and records what the CLI's hash consumes, in order.
 *
 * Symlink policy (documented for users in the confirm step):
 * - a link whose target is inside the chosen folder is followed (its file is uploaded under the link's name, as the
 *   CLI does);
 * - a link pointing outside the folder is refused (error) — uploading files from elsewhere by accident is worse
 *   than asking the user to copy them in;
 * - a dangling link is skipped with a warning (neither hashed nor uploaded);
 * - a link to one of its own ancestor folders is a loop (error), instead of recursing forever.
 * Empty sub-folders are hashed by name (CLI parity) but cannot be uploaded (blob storage has no folders): warning.
 */
import { printable, unsafeCharacterReason } from '../printable';
import { IgnoreRules, ignoreFileNames } from './ignoreRules';
import type { FileTreeReader } from './fileTree';

/** The service's limit of files per model version. */
export const maxFilesPerVersion = 1500;
/** The walk stops counting after this many files (a folder like node_modules must not take minutes). */
const scanFileCap = 100_000;

export type ProblemCode =
  | 'emptyFolder' | 'allIgnored' | 'tooManyFiles' | 'symlinkOutside' | 'symlinkLoop' | 'unreadable'
  | 'unsupportedEntry' | 'notFound' | 'unsafeName';

export interface ScanProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly path?: string;
}

export interface ScanWarning {
  readonly code: 'danglingSymlink' | 'emptySubfolder' | 'skippedSpecial';
  readonly message: string;
  readonly path: string;
}

export interface ScannedFile {
  /** Root-relative, `/`-separated: the blob name below the folder prefix. */
  readonly relPath: string;
  readonly size: number;
}

/** What the CLI hash consumes, in order: an entry name, or a file's bytes. */
export type HashStep = { readonly name: string } | { readonly file: string };

export interface FolderScan {
  readonly files: readonly ScannedFile[];
  readonly totalBytes: number;
  readonly hashSteps: readonly HashStep[];
  /** Every folder visited (root-relative), including empty ones. */
  readonly directories: readonly string[];
  readonly ignore: IgnoreRules;
  /** Files (not folders) the ignore file excluded. */
  readonly ignoredCount: number;
  readonly warnings: readonly ScanWarning[];
  readonly problems: readonly ScanProblem[];
}

/** `str(path).lower()` order of the CLI: code-point comparison of lower-cased names (same parent prefix). */
export function cliEntryOrder(a: string, b: string): number {
  const x = Array.from(a.toLowerCase());
  const y = Array.from(b.toLowerCase());
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Sorted order of blob paths (Python `sorted` on strings: code points, case-sensitive). */
export function codePointOrder(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Loads the root ignore file: `.amlignore` wins over `.gitignore`; nested ignore files are not read (CLI parity). */
export async function loadIgnoreRules(reader: FileTreeReader): Promise<IgnoreRules> {
  for (const name of ignoreFileNames) {
    const text = await reader.readText(name, 1024 * 1024);
    if (text !== undefined) return IgnoreRules.parse(name, text);
  }
  return IgnoreRules.none();
}

/** Scans the folder at the reader's root. Problems are collected (not thrown) so the user sees all of them at once. */
export async function scanFolder(reader: FileTreeReader): Promise<FolderScan> {
  const files: ScannedFile[] = [];
  const hashSteps: HashStep[] = [];
  const directories: string[] = [];
  const warnings: ScanWarning[] = [];
  const problems: ScanProblem[] = [];
  let ignore: IgnoreRules;
  try {
    ignore = await loadIgnoreRules(reader);
  } catch (error) {
    // An ignore file that cannot be read (a FIFO, a folder, no permission) must not be skipped silently: the files
    // it meant to exclude would be uploaded. Report it and scan without rules (the problem blocks registering).
    ignore = IgnoreRules.none();
    problems.push({ code: 'unreadable', message: `The ignore file cannot be read (${errorMessage(error)}). Replace it with a regular text file or remove it.` });
  }
  let totalBytes = 0;
  let ignoredCount = 0;
  let entryCount = 0;

  const addFile = async (rel: string, size: number): Promise<void> => {
    try {
      await reader.checkReadable(rel);
    } catch (error) {
      problems.push({ code: 'unreadable', path: rel, message: `${printable(rel)} cannot be read (${errorText(error)}). Fix its permissions or add it to .amlignore.` });
      return;
    }
    hashSteps.push({ file: rel });
    files.push({ relPath: rel, size });
    totalBytes += size;
  };

  const visit = async (dir: string, ancestors: readonly string[]): Promise<void> => {
    const names = [...(await reader.readDir(dir))].sort(cliEntryOrder);
    if (dir && names.length === 0) warnings.push({ code: 'emptySubfolder', path: dir, message: `Empty folder "${dir}" is not uploaded: blob storage has no empty folders.` });
    for (const name of names) {
      if (files.length >= scanFileCap) return;
      const rel = dir ? `${dir}/${name}` : name;
      entryCount++;
      // Names a download would refuse (control characters such as a newline, bidi overrides, backslashes) are
      // refused here, before anything is hashed or uploaded, instead of registering a version nobody can download.
      const unsafe = registerNameReason(name);
      if (unsafe) {
        problems.push({ code: 'unsafeName', path: rel, message: `The name ${printable(rel)} cannot be registered because ${unsafe}. Rename it or add it to .amlignore.` });
        continue;
      }
      if (ignore.isExcluded(rel)) {
        const st = await reader.lstat(rel).catch(() => undefined);
        if (st?.kind !== 'directory') ignoredCount++;
        continue;
      }
      const st = await reader.lstat(rel);
      let kind = st.kind;
      let size = st.size;
      let realDir: string | undefined;
      if (kind === 'symlink') {
        const target = await reader.resolveLink(rel);
        if (!target) {
          warnings.push({ code: 'danglingSymlink', path: rel, message: `Symbolic link "${rel}" points to nothing and is skipped.` });
          continue;
        }
        if (!target.insideRoot) {
          problems.push({ code: 'symlinkOutside', path: rel, message: `Symbolic link "${rel}" points outside the folder (${target.realPath}). Copy the file into the folder or remove the link.` });
          continue;
        }
        if (target.kind === 'directory' && ancestors.includes(target.realPath)) {
          problems.push({ code: 'symlinkLoop', path: rel, message: `Symbolic link "${rel}" points to its own parent folder (a loop). Remove the link or add it to .amlignore.` });
          continue;
        }
        kind = target.kind;
        size = target.size;
        realDir = target.kind === 'directory' ? target.realPath : undefined;
      }
      if (kind === 'other') {
        warnings.push({ code: 'skippedSpecial', path: rel, message: `"${rel}" is not a regular file or folder (a socket, pipe or device) and is skipped.` });
        continue;
      }
      hashSteps.push({ name });
      if (kind === 'directory') {
        directories.push(rel);
        await visit(rel, [...ancestors, realDir ?? (await reader.realPath(rel))]);
      } else {
        await addFile(rel, size);
      }
    }
  };

  let rootReal: string;
  try {
    rootReal = await reader.realPath('');
  } catch (error) {
    return { files, totalBytes, hashSteps, directories, ignore, ignoredCount, warnings, problems: [{ code: 'notFound', message: `The folder cannot be read (${errorText(error)}).` }] };
  }
  await visit('', [rootReal]);

  if (files.length === 0 && problems.length === 0) {
    if (entryCount === 0) problems.push({ code: 'emptyFolder', message: 'The folder is empty: there is nothing to register.' });
    else if (ignoredCount > 0) problems.push({ code: 'allIgnored', message: `Every file in the folder is excluded by ${ignore.file ?? 'the ignore file'} (${ignoredCount} ignored): there is nothing to upload.` });
    else problems.push({ code: 'emptyFolder', message: 'The folder holds no files (only empty folders or skipped links): there is nothing to register.' });
  }
  if (files.length > maxFilesPerVersion) {
    const count = files.length >= scanFileCap ? `more than ${scanFileCap.toLocaleString('en-US')}` : files.length.toLocaleString('en-US');
    problems.push({ code: 'tooManyFiles', message: `The folder has ${count} files; Azure ML allows at most ${maxFilesPerVersion.toLocaleString('en-US')} per model version. Exclude files with .amlignore or archive them.` });
  }
  files.sort((a, b) => codePointOrder(a.relPath, b.relPath));
  return { files, totalBytes, hashSteps, directories, ignore, ignoredCount, warnings, problems };
}

/** Why an entry name cannot be registered (it could not be downloaded again); undefined when it can. */
export function registerNameReason(name: string): string | undefined {
  const characters = unsafeCharacterReason(name);
  if (characters) return characters;
  if (name.includes('\\')) return 'it contains a backslash (a folder separator on Windows)';
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorText(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
