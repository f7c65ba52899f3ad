import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FsView } from '../fs-view.js';
import { resolveFile, sourceOfOutput } from '../resolve.js';
import { workspaceOf } from '../workspace.js';

/** What a piece of shell runs, as far as the repository's files go. */
export interface ShellTargets {
  /** Source files it runs, absolute. */
  readonly files: Set<string>;
  /** URL paths it requests (`curl https://…/api/cron/x`), which a route of the repository may serve. */
  readonly urls: Set<string>;
}

/** The repository the shell runs in, and how to read its manifests. */
export interface ShellScope {
  readonly root: string;
  readonly view: FsView;
  /**
   * The commands run in an image or on a server the repository was copied
   * to (a Kubernetes CronJob, a crontab), whose absolute paths are not the
   * repository's: a path outside it is looked for by its last folders
   * (`/app/dist/jobs/sweep.js` as `dist/jobs/sweep.js`), and package scripts
   * run from the package its last folders name, or from the root.
   */
  readonly copied?: boolean;
}

const runnable = /\.(?:[cm]?[jt]s|[jt]sx|sh|bash)$/;
const shellScript = /\.(?:sh|bash)$/;
const maxDepth = 8;

/** Splits a script into commands: lines, `&&`, `||`, `;` and `|`, outside quotes; each command into words. */
export function commands(script: string): string[][] {
  const result: string[][] = [];
  let words: string[] = [];
  let word = '';
  let quote: string | null = null;
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) result.push(words);
    words = [];
  };
  const text = script.replace(/\\\r?\n/g, ' ');
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && index + 1 < text.length) word += text[++index];
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '#' && !inWord) {
      while (index + 1 < text.length && text[index + 1] !== '\n') index += 1;
    } else if (char === '\n' || char === ';' || char === '|' || char === '&') {
      endCommand();
      if ((char === '|' || char === '&') && text[index + 1] === char) index += 1;
    } else if (char === ' ' || char === '\t' || char === '\r') endWord();
    else {
      word += char;
      inWord = true;
    }
  }
  endCommand();
  return result;
}

interface Manifest {
  readonly dir: string;
  readonly name: string | null;
  readonly scripts: Readonly<Record<string, string>>;
}

function manifestAt(dir: string, view: FsView): Manifest | null {
  return view.once(`scripts\0${dir}`, (): Manifest | null => {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; scripts?: unknown };
      const scripts = json.scripts !== null && typeof json.scripts === 'object' ? (json.scripts as Record<string, string>) : {};
      return { dir, name: typeof json.name === 'string' ? json.name : null, scripts };
    } catch {
      return null;
    }
  });
}

/** The nearest package.json at or above `dir`, within the repository. */
function nearestManifest(dir: string, scope: ShellScope): Manifest | null {
  for (let at = dir; ; at = dirname(at)) {
    const found = manifestAt(at, scope.view);
    if (found !== null) return found;
    if (at === scope.root || dirname(at) === at || relative(scope.root, at).startsWith('..')) return null;
  }
}

/** Workspace packages a `--filter` (or `--workspace`, `-F`) value selects: by name (with `*`), or by `./path`. */
function selected(filter: string | null, recursive: boolean, cwd: string, scope: ShellScope): Manifest[] {
  const workspace = workspaceOf(scope.root, scope.view);
  const all = workspace === null ? [] : [...workspace.packages.values()].map((dir) => manifestAt(dir, scope.view)).filter((manifest): manifest is Manifest => manifest !== null);
  if (filter !== null) {
    const clean = filter.replace(/\.\.\.$/, '').replace(/^\.\.\./, '').replace(/^\{(.*)\}$/, '$1');
    if (clean.startsWith('.') || clean.startsWith('/')) {
      const dir = resolve(cwd, clean);
      return all.filter((manifest) => manifest.dir === dir || manifest.dir.startsWith(`${dir}/`));
    }
    const pattern = new RegExp(`^${clean.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return all.filter((manifest) => manifest.name !== null && pattern.test(manifest.name));
  }
  if (recursive) return all;
  const own = nearestManifest(cwd, scope);
  return own === null ? [] : [own];
}

const managers = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const builtinCommands = new Set(['install', 'i', 'ci', 'add', 'exec', 'dlx', 'x', 'create', 'init', 'publish', 'version', 'remove', 'rm', 'update', 'up', 'link', 'pack', 'config', 'set', 'audit', 'outdated', 'why', 'ls', 'list', 'store', 'cache', 'login', 'whoami']);
const npmLifecycle = new Set(['test', 't', 'start', 'stop', 'restart']);

/**
 * Reads a package manager's command: `npm run build`, `pnpm --filter web cron`,
 * `yarn workspace web run x`, `turbo run nightly`; returns the packages and
 * the script it runs, or null when it runs no package script.
 */
function packageScript(words: readonly string[], cwd: string, scope: ShellScope): { manifests: Manifest[]; script: string } | null {
  const [tool, ...rest] = words;
  if (tool === undefined) return null;
  let filter: string | null = null;
  let recursive = false;
  let dir = cwd;
  const positional: string[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const word = rest[index]!;
    const value = () => rest[++index] ?? '';
    if (word === '--filter' || word === '-F' || word === '--workspace' || word === '-w') filter = value();
    else if (word.startsWith('--filter=') || word.startsWith('--workspace=')) filter = word.slice(word.indexOf('=') + 1);
    else if (word === '-r' || word === '--recursive' || word === '--workspaces' || word === '-ws') recursive = true;
    else if (word === '-C' || word === '--dir' || word === '--prefix' || word === '--cwd') dir = scriptsFolder(resolve(cwd, value()), scope);
    else if (word.startsWith('--prefix=') || word.startsWith('--dir=') || word.startsWith('--cwd=')) dir = scriptsFolder(resolve(cwd, word.slice(word.indexOf('=') + 1)), scope);
    else if (word === '--') break;
    else if (!word.startsWith('-')) positional.push(word);
  }
  if (tool === 'turbo') {
    const script = positional[0] === 'run' ? positional[1] : positional[0];
    return script === undefined ? null : { manifests: selected(filter, filter === null, dir, scope), script };
  }
  if (!managers.has(tool)) return null;
  let [command, ...args] = positional;
  if (tool === 'yarn' && command === 'workspace') {
    filter = args[0] ?? null;
    [command, ...args] = args.slice(1);
  }
  if (command === undefined) return null;
  if (command === 'run' || command === 'run-script') return args[0] === undefined ? null : { manifests: selected(filter, recursive, dir, scope), script: args[0] };
  if (tool === 'npm' && npmLifecycle.has(command)) return { manifests: selected(filter, recursive, dir, scope), script: command === 't' ? 'test' : command };
  if (tool !== 'npm' && !builtinCommands.has(command)) {
    const manifests = selected(filter, recursive, dir, scope).filter((manifest) => command in manifest.scripts);
    return manifests.length === 0 ? null : { manifests, script: command };
  }
  return null;
}

function outside(scope: ShellScope, path: string): boolean {
  const rel = relative(scope.root, path);
  return rel.startsWith('..') || isAbsolute(rel);
}

/**
 * The repository's path that a path of a copy of it names: the longest run of
 * its last segments that is a folder with a `package.json` (`kind` package),
 * or a file, a build output of a source file, or a module found as an
 * import's is (`kind` file). Null when none is.
 */
function copiedPath(path: string, scope: ShellScope, kind: 'file' | 'package'): string | null {
  const segments = path.split(sep).filter((segment) => segment !== '');
  for (let start = 0; start < segments.length; start += 1) {
    const candidate = join(scope.root, ...segments.slice(start));
    if (kind === 'package' ? manifestAt(candidate, scope.view) !== null : scope.view.stat(candidate)?.isFile() === true || sourceOfOutput(candidate, scope.view) !== null || resolveFile(candidate, scope.view) !== null) return candidate;
  }
  return null;
}

/** The folder package scripts run from for `dir`: itself in the repository; in a copy of it, the package its last folders name, else the repository's root, where an image's working folder usually holds the copy. */
function scriptsFolder(dir: string, scope: ShellScope): string {
  return scope.copied === true && outside(scope, dir) ? (copiedPath(dir, scope, 'package') ?? scope.root) : dir;
}

/**
 * The repository files a piece of shell runs, from a workflow step's `run:`
 * or a package script: a file named on the command line (`node
 * scripts/remind.ts`, `npx tsx jobs/nightly`, `./scripts/cron.sh`, whose
 * own commands are read too), package scripts (`pnpm run cron`, `npm test`,
 * `turbo run nightly`) followed to what they run, and URLs it requests.
 */
export function shellTargets(script: string, cwd: string, scope: ShellScope, into: ShellTargets = { files: new Set(), urls: new Set() }, depth = 0): ShellTargets {
  if (depth > maxDepth) return into;
  let dir = cwd;
  for (const words of commands(script)) {
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
    if (words[0] === 'cd') {
      dir = resolve(dir, words[1] ?? scope.root);
      continue;
    }
    const found = packageScript(words[0] === 'npx' || words[0] === 'pnpx' ? words.slice(1) : words, scriptsFolder(dir, scope), scope);
    if (found !== null) {
      for (const manifest of found.manifests) {
        const body = manifest.scripts[found.script];
        if (typeof body === 'string') shellTargets(body, manifest.dir, scope, into, depth + 1);
      }
      continue;
    }
    for (const word of words) {
      const url = /^https?:\/\/[^/\s]+(\/[^\s'"]*)$/.exec(word);
      if (url) {
        into.urls.add(url[1]!);
        continue;
      }
      if (word.startsWith('-') || word.includes('$') || !(word.includes('/') || runnable.test(word))) continue;
      const written = resolve(dir, word);
      const path = !outside(scope, written) ? written : scope.copied === true && runnable.test(written) ? copiedPath(written, scope, 'file') : null;
      if (path === null) continue;
      // A build output (`node dist/jobs/sweep.js`) runs the source it is made from, which is what has a layer, built or not.
      const file = sourceOfOutput(path, scope.view) ?? (runnable.test(path) && scope.view.stat(path)?.isFile() ? path : resolveFile(path, scope.view));
      if (file === null || into.files.has(file) || !runnable.test(file)) continue;
      if (shellScript.test(file)) {
        into.files.add(file);
        try {
          shellTargets(readFileSync(file, 'utf8'), dir, scope, into, depth + 1);
        } catch {
          // An unreadable script runs nothing we can see; the script itself is listed.
        }
      } else into.files.add(file);
    }
  }
  return into;
}
