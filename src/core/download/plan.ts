/**
 * The download plan: which blobs become which local files, decided before any byte moves. Pure (no fs): the Azure
 * adapter lists the blobs, the plan checks them, the adapter executes it.
 *
 * Layout: `<destination>/<model name>/<version>/<path of the blob below the model's prefix>`. A folder model
 * (`modelUri` → `…/paths/LocalUpload/<hash>/model`) mirrors the blob tree under `model/`; a single-file model
 * (the prefix is the blob itself) becomes `<destination>/<model name>/<version>/<file name>`.
 *
 * Safety: a blob name whose relative path has a `..`, `.` or empty segment, starts with `/` or `\`, carries a drive
 * letter (`C:`), a backslash, or a control character could land outside the destination (or somewhere else than it
 * says) → the whole download is refused, naming the blob. Paths that collide on a case-insensitive file system
 * (`Model.pkl` vs `model.pkl`, or a file `a` next to a folder `A/`) are reported; on such a file system the download
 * is refused. Folder markers (`hdi_isfolder=true` metadata, or a zero-byte blob whose name ends in `/`) are skipped;
 * zero-byte files are kept. No files at all → a "no files" error, never an empty success.
 */

import { escapeUnprintable, printable, unsafeCharacterReason } from '../printable';

export interface RemoteBlob {
  /** Full blob name inside the container. */
  readonly name: string;
  readonly size: number;
  /** Base64 Content-MD5 when the blob has one. */
  readonly contentMd5?: string;
  readonly etag?: string;
  /** `hdi_isfolder=true` in the blob's metadata (ADLS Gen2 / HNS folder entries). */
  readonly isFolderMarker?: boolean;
}

export interface BlobListing {
  /** The model's prefix inside the container, without a trailing slash (`LocalUpload/<hash>/model`). */
  readonly prefix: string;
  /** Blobs listed with prefix `<prefix>/` (everything in the folder). */
  readonly under: readonly RemoteBlob[];
  /** The blob named exactly `<prefix>` (a single-file model), when it exists. */
  readonly exact?: RemoteBlob;
}

export interface DownloadRequest {
  readonly modelName: string;
  readonly version: string;
  readonly listing: BlobListing;
  /** The destination file system folds case (Windows, macOS default): collisions are fatal. */
  readonly caseInsensitive: boolean;
  /** The destination is Windows: names Windows cannot hold are fatal (elsewhere they are reported as warnings). */
  readonly windowsNames?: boolean;
}

export interface PlannedDownloadFile {
  readonly blobName: string;
  /** Path below `<model name>/<version>/`, `/`-separated, checked safe. */
  readonly relPath: string;
  readonly size: number;
  readonly contentMd5?: string;
  readonly etag?: string;
}

export interface DownloadPlan {
  readonly modelName: string;
  readonly version: string;
  readonly prefix: string;
  readonly kind: 'folder' | 'file';
  /** `<model name>/<version>`: the final folder, relative to the destination. */
  readonly folder: readonly [string, string];
  readonly files: readonly PlannedDownloadFile[];
  readonly totalBytes: number;
  /** Folder-marker blobs that were skipped. */
  readonly folderMarkers: readonly string[];
  readonly zeroByteFiles: number;
  /** Groups of relative paths that differ only in case (reported; fatal on a case-insensitive FS). */
  readonly caseCollisions: readonly (readonly string[])[];
  readonly warnings: readonly string[];
}

export type DownloadPlanProblem =
  | { readonly code: 'noFiles'; readonly message: string }
  | { readonly code: 'unsafeName'; readonly message: string; readonly blobName: string }
  | { readonly code: 'caseCollision'; readonly message: string; readonly paths: readonly string[] }
  | { readonly code: 'pathConflict'; readonly message: string; readonly paths: readonly string[] };

export type DownloadPlanResult =
  | { readonly ok: true; readonly plan: DownloadPlan }
  | { readonly ok: false; readonly problem: DownloadPlanProblem };

/** Why a relative path (or a single segment such as the model name) is not safe to write; undefined when safe. */
export function unsafePathReason(relPath: string): string | undefined {
  if (relPath.length === 0) return 'it is empty';
  const characters = unsafeCharacterReason(relPath);
  if (characters) return characters;
  if (relPath.startsWith('/') || relPath.startsWith('\\')) return 'it is an absolute path';
  if (/^[A-Za-z]:/.test(relPath) || /(^|[\\/])[A-Za-z]:/.test(relPath)) return 'it contains a drive letter';
  if (relPath.startsWith('//') || relPath.startsWith('\\\\')) return 'it is a network path';
  const segments = relPath.split(/[\\/]/);
  if (segments.includes('..')) return 'it contains ".." (it would resolve outside the destination)';
  if (relPath.includes('\\')) return 'it contains a backslash (a folder separator on Windows)';
  if (segments.includes('.')) return 'it contains a "." segment';
  if (segments.includes('')) return 'it contains an empty path segment ("//" or a trailing "/")';
  return undefined;
}

const windowsReserved = /^(?:CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])(?:\..*)?$/i;

/**
 * Why a relative path cannot be written as named on Windows (reserved device names such as `CON` or `nul.txt`, a
 * trailing dot or space that Windows silently drops, or `:` which opens an NTFS alternate data stream); undefined
 * when it can.
 */
export function windowsPathReason(relPath: string): string | undefined {
  for (const segment of relPath.split('/')) {
    if (segment.includes(':')) return `"${segment}" contains ":" (an NTFS alternate data stream on Windows)`;
    if (windowsReserved.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (/[. ]$/.test(segment)) return `"${segment}" ends with a dot or space, which Windows drops`;
    if (/[<>"|?*]/.test(segment)) return `"${segment}" contains a character Windows does not allow in file names`;
  }
  return undefined;
}

function isFolderMarker(blob: RemoteBlob): boolean {
  return blob.isFolderMarker === true || (blob.size === 0 && blob.name.endsWith('/'));
}

function baseName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] ?? path;
}

/** Groups of paths equal ignoring case, and file-vs-folder clashes (`a` is a file and `a/b` needs a folder `a`). */
export function findPathClashes(relPaths: readonly string[]): { caseGroups: string[][]; fileFolder: string[][] } {
  const files = new Map<string, string[]>();
  for (const p of relPaths) {
    // NFC first: `é` precomposed and `e` + combining accent are one name on macOS (and to the user).
    const key = p.normalize('NFC').toLowerCase();
    const group = files.get(key);
    if (group) group.push(p);
    else files.set(key, [p]);
  }
  const caseGroups = [...files.values()].filter((g) => g.length > 1).map((g) => [...g].sort());
  const folders = new Map<string, string>();
  for (const p of relPaths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const key = folder.normalize('NFC').toLowerCase();
      if (!folders.has(key)) folders.set(key, p);
    }
  }
  const fileFolder: string[][] = [];
  for (const p of relPaths) {
    const under = folders.get(p.normalize('NFC').toLowerCase());
    if (under) fileFolder.push([p, under]);
  }
  return { caseGroups, fileFolder };
}

export function buildDownloadPlan(request: DownloadRequest): DownloadPlanResult {
  const prefix = request.listing.prefix.replace(/\/+$/, '');
  const where = `${request.modelName}:${request.version}`;
  for (const [label, segment] of [['model name', request.modelName], ['version', request.version]] as const) {
    const reason = unsafePathReason(segment) ?? (segment.includes('/') ? 'it contains "/"' : undefined);
    if (reason) return { ok: false, problem: { code: 'unsafeName', blobName: segment, message: `Cannot download ${escapeUnprintable(where)}: the ${label} ${printable(segment)} cannot be used as a folder name because ${reason}.` } };
  }

  const folderMarkers: string[] = [];
  const files: PlannedDownloadFile[] = [];
  const under = request.listing.under.filter((b) => prefix === '' || b.name.startsWith(`${prefix}/`));
  let kind: DownloadPlan['kind'] = 'folder';
  const sources: Array<{ blob: RemoteBlob; relPath: string }> = [];
  const content = under.filter((b) => {
    if (isFolderMarker(b)) {
      folderMarkers.push(b.name);
      return false;
    }
    return true;
  });
  if (content.length > 0) {
    for (const blob of content) sources.push({ blob, relPath: prefix === '' ? blob.name : blob.name.slice(prefix.length + 1) });
  } else if (request.listing.exact && !isFolderMarker(request.listing.exact)) {
    kind = 'file';
    sources.push({ blob: request.listing.exact, relPath: baseName(prefix) });
  }
  if (sources.length === 0) {
    const markers = folderMarkers.length ? ` (only ${folderMarkers.length} empty folder marker${folderMarkers.length === 1 ? '' : 's'})` : '';
    return { ok: false, problem: { code: 'noFiles', message: `Cannot download ${where}: there are no files at "${prefix || '/'}" in its storage${markers}. The upload may have failed or the files were deleted; nothing was written.` } };
  }

  for (const { blob, relPath } of sources) {
    const reason = unsafePathReason(relPath);
    if (reason) {
      return { ok: false, problem: { code: 'unsafeName', blobName: blob.name, message: `Download of ${escapeUnprintable(where)} refused: the blob ${printable(blob.name)} is not a safe file name because ${reason}. Nothing was written.` } };
    }
    files.push({ blobName: blob.name, relPath, size: blob.size, ...(blob.contentMd5 ? { contentMd5: blob.contentMd5 } : {}), ...(blob.etag ? { etag: blob.etag } : {}) });
  }
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  const windowsWarnings: string[] = [];
  for (const path of [`${request.modelName}/${request.version}`, ...files.map((f) => f.relPath)]) {
    const reason = windowsPathReason(path);
    if (!reason) continue;
    if (request.windowsNames) {
      return { ok: false, problem: { code: 'unsafeName', blobName: path, message: `Download of ${escapeUnprintable(where)} refused: ${printable(path)} cannot be written on Windows because ${reason}. Nothing was written.` } };
    }
    if (windowsWarnings.length < 5) windowsWarnings.push(`${printable(path)} could not be written on Windows: ${reason}.`);
  }

  const relPaths = files.map((f) => f.relPath);
  const exactFolders = new Map<string, string>();
  for (const p of relPaths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) if (!exactFolders.has(parts.slice(0, i).join('/'))) exactFolders.set(parts.slice(0, i).join('/'), p);
  }
  const conflict = relPaths.find((p) => exactFolders.has(p));
  if (conflict) {
    const other = exactFolders.get(conflict)!;
    return { ok: false, problem: { code: 'pathConflict', paths: [conflict, other], message: `Cannot download ${where}: "${conflict}" is both a file and a folder ("${other}") in its storage. Nothing was written.` } };
  }
  const clashes = findPathClashes(relPaths);
  const caseFileFolder = clashes.fileFolder;
  const caseCollisions = [...clashes.caseGroups, ...caseFileFolder];
  const warnings: string[] = [...windowsWarnings];
  if (caseCollisions.length > 0) {
    const list = caseCollisions.slice(0, 5).map((g) => g.map((p) => `"${p}"`).join(' / ')).join('; ');
    const message = `${caseCollisions.length} name${caseCollisions.length === 1 ? '' : 's'} differ only in letter case: ${list}${caseCollisions.length > 5 ? '; …' : ''}.`;
    if (request.caseInsensitive) {
      return { ok: false, problem: { code: 'caseCollision', paths: caseCollisions.flat(), message: `Cannot download ${where} to this file system, which ignores letter case: ${message} One file would overwrite the other. Nothing was written.` } };
    }
    warnings.push(`${message} They are kept apart here, but would overwrite each other on Windows or macOS.`);
  }
  const zeroByteFiles = files.filter((f) => f.size === 0).length;
  return {
    ok: true,
    plan: {
      modelName: request.modelName,
      version: request.version,
      prefix,
      kind,
      folder: [request.modelName, request.version],
      files,
      totalBytes: files.reduce((n, f) => n + f.size, 0),
      folderMarkers,
      zeroByteFiles,
      caseCollisions,
      warnings,
    },
  };
}

/** What is already at the destination for one planned file (the adapter stats it; MD5 only when sizes match). */
export interface LocalFileState {
  readonly size: number;
  /** Base64 MD5 of the local file, when computed. */
  readonly md5?: string;
}

export type ExistingDecision = 'download' | 'keep';

/**
 * "Skip identical files": a local file is kept only when its size and MD5 equal the blob's. A blob without
 * Content-MD5 cannot be proven identical, so it is downloaded again.
 */
export function decideExisting(file: PlannedDownloadFile, local: LocalFileState | undefined): ExistingDecision {
  if (!local || local.size !== file.size || !file.contentMd5) return 'download';
  return local.md5 !== undefined && local.md5 === file.contentMd5 ? 'keep' : 'download';
}

/** Whether the local MD5 is worth computing (sizes match and the blob has an MD5 to compare with). */
export function needsLocalMd5(file: PlannedDownloadFile, local: { size: number } | undefined): boolean {
  return !!local && local.size === file.size && !!file.contentMd5;
}

/** The choice offered when the destination folder exists. */
export type ExistingFolderChoice = 'overwrite' | 'skipIdentical' | 'cancel';

/** The temporary sibling a download is written into, e.g. `.3.partial-1a2b3c` next to `3`. */
export function partialFolderName(version: string, token: string): string {
  return `.${version}.partial-${token}`;
}

/** Leftover partial folders of earlier interrupted downloads of this version (safe to remove). */
export function isPartialFolderOf(version: string, name: string): boolean {
  return name.startsWith(`.${version}.partial-`) || name.startsWith(`.${version}.replaced-`);
}
