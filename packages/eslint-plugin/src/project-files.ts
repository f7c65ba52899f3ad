import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FsView } from './fs-view.js';
import type { CompiledGlob, CompiledSettings } from './settings.js';

/** The files the layer rules and `bookiji-layers` look at: JavaScript and TypeScript sources (Ember's `.gjs` and `.gts` among them), and Vue, Svelte and Astro components. */
export const sourceFile = /\.(?:[cm]?[jt]s|[jt]sx|g[jt]s|vue|svelte|astro)$/;

const skippedFolders = new Set(['node_modules', '.git']);

/** Every file under `root` (relative, with forward slashes), outside `node_modules` and `.git`. */
export function* walkFiles(root: string, prefix = ''): Generator<string> {
  let entries;
  try {
    entries = readdirSync(prefix === '' ? root : join(root, prefix), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) yield* walkFiles(root, path);
    } else if (entry.isFile() || entry.isSymbolicLink()) yield path;
  }
}

/** What listed a project's files: git in a repository, else a walk of the file system. */
export type ListedBy = 'git' | 'file system';

/** The files of a project, and what listed them. */
interface FileList {
  readonly files: readonly string[];
  readonly listedBy: ListedBy;
}

/** Lists the project's files once per lint run; see `projectFiles`. */
function fileList(root: string, view: FsView): FileList {
  return view.once(`project-files\0${root}`, (): FileList => {
    try {
      const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
      const files = [...new Set(output.split('\0'))].filter((file) => file !== '' && view.stat(join(root, file)) !== undefined);
      return { files: files.sort(), listedBy: 'git' };
    } catch {
      return { files: [...walkFiles(root)].sort(), listedBy: 'file system' };
    }
  });
}

/**
 * The files of the project under `root`, relative and sorted: in a git
 * repository the committed files and the new files git does not ignore
 * (`git ls-files --cached --others --exclude-standard`), which leaves build
 * output and dependencies out; elsewhere every file outside `node_modules`
 * and `.git`. Files deleted from the working tree are left out.
 */
export function projectFiles(root: string, view: FsView): readonly string[] {
  return fileList(root, view).files;
}

export function projectFilesListedBy(root: string, view: FsView): ListedBy {
  return fileList(root, view).listedBy;
}

/** Which files were listed, in words for the line that counts them. */
export function listedWords(listedBy: ListedBy): string {
  return listedBy === 'git' ? 'committed, and new files git does not ignore' : 'every file outside node_modules: not in a git repository';
}

/**
 * Globs that matched a file once, by base folder and glob: a glob that
 * matched stays good for the life of the process, so the editor's server
 * (an ESLint instance per validation) looks for files only for the others.
 */
const matchedOnce = new Set<string>();

/**
 * The settings globs that match no file under their base folder, looked at
 * once per lint run. Only the folder a glob starts with is searched, and the
 * search stops at the first match: a glob whose folder does not exist costs
 * one look. The file system decides, not git, so a glob for generated files
 * that git ignores still counts as matching them.
 */
export function deadGlobs(settings: CompiledSettings, view: FsView): readonly CompiledGlob[] {
  const pending = settings.globs.filter((glob) => !matchedOnce.has(`${settings.base}\0${glob.glob}`));
  if (pending.length === 0) return [];
  return view.once(`dead-globs\0${settings.key}`, () => {
    const dead: CompiledGlob[] = [];
    for (const glob of pending) {
      if (matchesSomething(settings.base, glob, view)) matchedOnce.add(`${settings.base}\0${glob.glob}`);
      else dead.push(glob);
    }
    return dead;
  });
}

function matchesSomething(root: string, glob: CompiledGlob, view: FsView): boolean {
  const base = glob.base === '' ? root : join(root, glob.base);
  const stat = view.stat(base);
  if (stat === undefined) return false;
  if (!stat.isDirectory()) return glob.matches(glob.base);
  for (const file of walkFiles(base)) if (glob.matches(glob.base === '' ? file : `${glob.base}/${file}`)) return true;
  return false;
}
