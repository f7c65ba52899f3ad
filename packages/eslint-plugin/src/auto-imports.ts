import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FsView } from './fs-view.js';
import { resolveImport, tsconfigFor } from './resolve.js';
import type { CompiledSettings } from './settings.js';
import { readJson } from './workspace.js';
import { getOrAdd } from './memo.js';

const nuxtDeclarations = ['.nuxt/types/imports.d.ts', '.nuxt/types/nitro-imports.d.ts', '.nuxt/components.d.ts'];
const unpluginDeclarations = ['auto-imports.d.ts', 'src/auto-imports.d.ts', 'types/auto-imports.d.ts', 'src/types/auto-imports.d.ts', 'src/typings/auto-imports.d.ts', 'auto-import.d.ts', 'src/auto-import.d.ts'];
const componentDeclarations = ['components.d.ts', 'src/components.d.ts'];

/**
 * The packages that import names into a project's files by themselves, what
 * writes their declarations, and where it writes them by default: Nuxt's for
 * its app and its server, and unplugin-auto-import's `dts`, beside the
 * project's tsconfig or in its `src/` and `types/` folders.
 */
const autoImporters: Readonly<Record<string, { readonly writer: string; readonly declarations: readonly string[] }>> = {
  nuxt: { writer: '`nuxi prepare` (or `nuxi dev` or `nuxi build`) writes them', declarations: nuxtDeclarations },
  'nuxt-nightly': { writer: '`nuxi prepare` (or `nuxi dev` or `nuxi build`) writes them', declarations: nuxtDeclarations },
  'unplugin-auto-import': { writer: 'a dev or build run of the bundler writes the file its `dts` option names', declarations: unpluginDeclarations },
  'unplugin-vue-components': { writer: 'a dev or build run of the bundler writes the file its `dts` option names', declarations: componentDeclarations },
};

/** Where the rules look for the declarations of auto-imported names when `settings.bookiji.autoImports` names none. */
const generatedDeclarations: readonly string[] = [...nuxtDeclarations, ...unpluginDeclarations, ...componentDeclarations];

/**
 * One generated declaration: `const useDraft: typeof import('../composables/draft')['useDraft']`,
 * as unimport (Nuxt, unplugin-auto-import) writes it, also with `.useDraft` or double quotes; and
 * a component's, as a member of an interface of global components or a constant (Nuxt,
 * unplugin-vue-components): `'DraftPanel': typeof import('./components/DraftPanel.vue')['default']`,
 * `export const LazyDraftPanel: LazyComponent<typeof import(…)['default']>`.
 */
const declaration = /^[ \t]*(?:export[ \t]+)?(?:const[ \t]+|readonly[ \t]+)?(?:'([\w$-]+)'|"([\w$-]+)"|([A-Za-z_$][\w$]*))[ \t]*:[ \t]*(?:[A-Za-z]+<[ \t]*)?typeof[ \t]+import[ \t]*\([ \t]*(['"])([^'"\n]+)\4[ \t]*\)/gm;

/** The auto-imported names a declaration file declares, with the module each comes from as written there. */
export function parseAutoImports(text: string): { readonly name: string; readonly specifier: string }[] {
  const found: { name: string; specifier: string }[] = [];
  declaration.lastIndex = 0;
  for (let match = declaration.exec(text); match !== null; match = declaration.exec(text)) {
    const name = match[1] ?? match[2] ?? match[3];
    const specifier = match[5];
    if (name !== undefined && specifier !== undefined) found.push({ name, specifier });
  }
  return found;
}

export interface AutoImports {
  /** The project folder the declarations were looked for from. */
  readonly folder: string;
  /** The file of the project each auto-imported name comes from; a name from a package is not here. */
  target(name: string): string | null;
  /** Set when the project imports names by itself (it depends on `dependency`) but none of the declaration files looked for (`declarations`: those the settings name, else the package's default places) was found. */
  readonly missing: { readonly dependency: string; readonly writer: string; readonly declarations: readonly string[] } | null;
  /** The `settings.bookiji.autoImports` files that cannot be read. */
  readonly unreadable: readonly string[];
}

/**
 * The names imported by themselves into the files of `dir`'s project (the
 * folder of its nearest tsconfig or jsconfig, else the settings' root), from
 * the declarations `settings.bookiji.autoImports` names or, with none named,
 * the generated ones found there and in the folders above it up to the root.
 * Null when the project has none and depends on no package that makes them.
 * Worked out once per project folder and lint run.
 */
export function autoImportsFor(dir: string, settings: CompiledSettings, view: FsView): AutoImports | null {
  const tsconfig = tsconfigFor(dir, view);
  const folder = tsconfig === null ? settings.base : dirname(tsconfig.path);
  const byFolder = getOrAdd(view.once('auto-imports', () => new WeakMap<CompiledSettings, Map<string, AutoImports | null>>()), settings, () => new Map<string, AutoImports | null>());
  return getOrAdd(byFolder, folder, () => readAutoImports(folder, settings, view));
}

function readAutoImports(folder: string, settings: CompiledSettings, view: FsView): AutoImports | null {
  const named = settings.autoImports.map((file) => resolve(settings.base, file));
  const files = named.length > 0 ? named : projectFolders(folder, settings.base).flatMap((at) => generatedDeclarations.map((file) => join(at, file)));
  const found: string[] = [];
  const unreadable: string[] = [];
  const specifiers = new Map<string, { readonly specifier: string; readonly file: string }>();
  for (const file of files) {
    const bytes = view.bytes(file);
    if (bytes === undefined) {
      if (named.length > 0) unreadable.push(file);
      continue;
    }
    found.push(file);
    // The nearest declaration of a name wins, as the folders are listed nearest first.
    for (const { name, specifier } of parseAutoImports(bytes.toString('utf8'))) if (!specifiers.has(name)) specifiers.set(name, { specifier, file });
  }
  const importer = found.length === 0 ? autoImporterOf(folder, view) : null;
  const missing = importer === null ? null : { ...importer, declarations: named.length > 0 ? settings.autoImports : importer.declarations };
  if (found.length === 0 && missing === null && unreadable.length === 0) return null;
  const targets = new Map<string, string | null>();
  return {
    folder,
    missing,
    unreadable,
    target(name) {
      let target = targets.get(name);
      if (target === undefined) {
        const declared = specifiers.get(name);
        const path = declared === undefined ? null : resolveImport(declared.specifier, declared.file, view).path;
        // A package's name (`ref` from `vue`, Nuxt's own composables) belongs to no layer of the project.
        target = path === null || path.split(sep).includes('node_modules') ? null : path;
        targets.set(name, target);
      }
      return target;
    },
  };
}

/** `folder` and the folders above it up to `root`, nearest first; `folder` alone when it is not under `root`. */
function projectFolders(folder: string, root: string): string[] {
  const folders = [folder];
  const fromRoot = relative(root, folder);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return folders;
  for (let at = dirname(folder); ; at = dirname(at)) {
    folders.push(at);
    if (at === root || dirname(at) === at) return folders;
  }
}

/** The package that imports names by itself which the manifest in `folder` depends on, or null. */
function autoImporterOf(folder: string, view: FsView): AutoImports['missing'] {
  const manifest = view.once(`manifest\0${folder}`, () => readJson(join(folder, 'package.json')));
  if (manifest === null) return null;
  for (const field of ['dependencies', 'devDependencies']) {
    const dependencies = manifest[field];
    if (dependencies === null || typeof dependencies !== 'object') continue;
    for (const [dependency, importer] of Object.entries(autoImporters)) if (dependency in dependencies) return { dependency, ...importer };
  }
  return null;
}

/** A relative specifier for `target` from a file in `fromDir`, as an import would write it. */
export function relativeSpecifier(fromDir: string, target: string): string {
  const path = relative(fromDir, target).split(sep).join('/');
  return path.startsWith('../') ? path : `./${path}`;
}
