import { dirname, isAbsolute } from 'node:path';
import type { Layer } from '@bookiji/contract';
import { autoImportsFor } from './auto-imports.js';
import type { Classified } from './explain.js';
import type { FsView } from './fs-view.js';
import type { ScannedImport } from './graph.js';
import { relativePosix } from './membership.js';
import { deadGlobs, listedWords, projectFilesListedBy } from './project-files.js';
import type { ListedBy } from './project-files.js';
import type { ResolutionProblem } from './resolve.js';
import { workspaceOf } from './workspace.js';

/** What `bookiji-layers summary` reports about a project. */
export interface Summary {
  readonly contract: string | null;
  /** Problems of the contract itself, or why it cannot be read. */
  readonly contractProblems: readonly string[];
  readonly files: number;
  /** What listed the files: git's list of the repository, or, outside one, every file. */
  readonly listedBy: ListedBy;
  readonly ignored: number;
  readonly layers: readonly { readonly number: number; readonly name: string; readonly status: Layer['status']; readonly humanOnly: boolean; readonly files: number }[];
  /** Files in no layer by top folder: the workspace package that holds them, else the first folder of their path. */
  readonly unlayered: Readonly<Record<string, number>>;
  readonly conflicts: readonly { readonly globs: readonly { readonly glob: string; readonly layer: number | null }[]; readonly files: number; readonly example: string }[];
  readonly deadGlobs: readonly { readonly glob: string; readonly key: string; readonly base: string }[];
  readonly settingsProblems: readonly string[];
  readonly unresolved: readonly (ResolutionProblem & { readonly imports: number })[];
  /** Why names a project's build imports by itself cannot be followed: its declarations are not there, or a file `settings.bookiji.autoImports` names cannot be read. */
  readonly autoImports: readonly string[];
}

/** The folder a file is counted under: its workspace package, or the first folder of its path (`.` for the root's own files). */
function topFolder(file: Classified, cwd: string, view: FsView): string {
  const workspace = workspaceOf(cwd, view);
  if (workspace !== null) {
    for (const folder of workspace.packages.values()) {
      const own = relativePosix(cwd, folder);
      // Only packages below the current folder: one that holds it is the whole project here.
      if (own !== null && relativePosix(folder, file.path) !== null) return own;
    }
  }
  const rel = relativePosix(cwd, file.path) ?? file.file;
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '.';
}

export function summarize(files: readonly Classified[], imports: readonly ScannedImport[], ignored: number, cwd: string, view: FsView): Summary {
  const first = files.find((file) => file.index !== null);
  const index = first?.index ?? null;
  const contractProblems = [...new Set(files.flatMap((file) => file.problems.filter((problem) => problem.startsWith('cannot read the contract') || (index !== null && problem.startsWith(`${index.displayPath}:`)))))];
  const perLayer = new Map<number, number>();
  const unlayered: Record<string, number> = {};
  const conflicts = new Map<string, { globs: { glob: string; layer: number | null }[]; files: number; example: string }>();
  for (const file of files) {
    if (file.layer !== null) perLayer.set(file.layer.number, (perLayer.get(file.layer.number) ?? 0) + 1);
    else {
      const folder = topFolder(file, cwd, view);
      unlayered[folder] = (unlayered[folder] ?? 0) + 1;
    }
    if (file.conflict.length > 0) {
      const key = file.conflict.map((glob) => `${glob.layer}:${glob.glob}`).join('\0');
      const known = conflicts.get(key);
      if (known) known.files += 1;
      else conflicts.set(key, { globs: [...file.conflict], files: 1, example: file.file });
    }
  }
  const settings = new Map(files.map((file) => [file.settings.key, file.settings]));
  const dead = [...settings.values()].flatMap((compiled) => deadGlobs(compiled, view).map((glob) => ({ glob: glob.glob, key: glob.layer === null ? 'unlayered' : `layers.${glob.layer}`, base: compiled.base })));
  const unresolved = new Map<string, ResolutionProblem & { imports: number }>();
  for (const { resolution } of imports) {
    const problem = resolution.problem;
    if (problem === null) continue;
    const known = unresolved.get(problem.key);
    if (known) known.imports += 1;
    else unresolved.set(problem.key, { ...problem, imports: 1 });
  }
  const autoImports = new Set<string>();
  for (const file of files) {
    const found = autoImportsFor(dirname(file.path), file.settings, view);
    if (found === null) continue;
    const folder = relativePosix(cwd, found.folder) ?? (found.folder === cwd ? '.' : found.folder);
    if (found.missing !== null) {
      autoImports.add(`\`${folder}\` depends on \`${found.missing.dependency}\`, with none of ${found.missing.declarations.map((path) => `\`${path}\``).join(', ')}: ${found.missing.writer}; a \`dts\` of your own goes in \`settings.bookiji.autoImports\``);
    }
    for (const unreadable of found.unreadable) autoImports.add(`\`${relativePosix(cwd, unreadable) ?? unreadable}\`, named in \`settings.bookiji.autoImports\`, cannot be read`);
  }
  return {
    contract: index?.displayPath ?? null,
    contractProblems,
    files: files.length,
    listedBy: projectFilesListedBy(cwd, view),
    ignored,
    layers: (index?.contract.layers ?? []).map((layer) => ({ number: layer.number, name: layer.name, status: layer.status, humanOnly: layer.humanOnly, files: perLayer.get(layer.number) ?? 0 })),
    unlayered: Object.fromEntries(Object.entries(unlayered).sort(([a], [b]) => a.localeCompare(b))),
    conflicts: [...conflicts.values()],
    deadGlobs: dead,
    settingsProblems: [...new Set([...settings.values()].flatMap((compiled) => compiled.problems))],
    unresolved: [...unresolved.values()].sort((a, b) => b.imports - a.imports || a.key.localeCompare(b.key)),
    autoImports: [...autoImports],
  };
}

/** True when the summary found a problem of the configuration: the exit code is 1 then. */
export function hasProblems(summary: Summary): boolean {
  return summary.contractProblems.length + summary.conflicts.length + summary.deadGlobs.length + summary.settingsProblems.length + summary.unresolved.length + summary.autoImports.length > 0;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Where an unmapped alias was looked for, and where else a `#` one may be mapped: for the summary and `valid-settings` alike. */
export function unmappedWords(problem: Extract<ResolutionProblem, { kind: 'unmapped' }>, shown: (path: string) => string): { readonly where: string; readonly orImports: string } {
  const tsconfig = problem.tsconfig === null ? `no tsconfig.json or jsconfig.json from \`${shown(problem.from)}\` upward` : `no \`paths\` alias in \`${shown(problem.tsconfig)}\``;
  const elsewhere: { readonly file: string; readonly key: string }[] = [];
  if (problem.prefix.startsWith('#')) elsewhere.push({ file: 'the nearest package.json', key: '' });
  // In a Deno project, the import map is where Deno itself looks first; its prefix keys end in `/`, with no `*`.
  if (problem.denoConfig !== null) elsewhere.push({ file: `\`${shown(problem.denoConfig)}\``, key: ` \`${problem.prefix}\`` });
  return {
    where: [tsconfig, ...elsewhere.map(({ file }) => `no \`imports\` entry of ${file}`)].join(' and '),
    orImports: elsewhere.map(({ file, key }) => ` or${key} in the \`imports\` of ${file}`).join(''),
  };
}

/** Which import map cannot be read: `map` as is, or ``map`, which `deno.json` names as its `importMap`,`` for the summary and `valid-settings` alike. */
export function importMapWords(problem: ImportMapProblem, shown: (path: string) => string): string {
  const map = isAbsolute(problem.file) ? shown(problem.file) : problem.file;
  return problem.file === problem.config ? `\`${map}\`` : `\`${map}\`, which \`${shown(problem.config)}\` names as its \`importMap\`,`;
}

/** How to fix an `import-map` problem: a broken file stops Deno too; a remote map is one the rules cannot read. */
export function importMapFix(problem: ImportMapProblem): string {
  if (!isAbsolute(problem.file)) return 'Keep the map in the repository and name it by its path, or write its entries in the `imports` of the Deno config, and the imports it maps are followed.';
  return 'Deno reads it before anything else and will not run until it is fixed: fix the file, and the imports it maps are followed again.';
}

type ImportMapProblem = Extract<ResolutionProblem, { kind: 'import-map' }>;

/** Folders a framework writes a tsconfig into, which the project's own tsconfig extends, and what writes it. */
const generatedTsconfigs: readonly { readonly folder: string; readonly writer: string }[] = [
  { folder: '.svelte-kit', writer: '`svelte-kit sync` (also `vite dev` and `vite build`)' },
  { folder: '.nuxt', writer: '`nuxi prepare` (also `nuxi dev` and `nuxi build`)' },
];

/** How to fix a tsconfig `extends` that cannot be found, in the summary and `valid-settings` alike: a framework's generated config is written, not installed. */
export function extendsFix(extended: string): string {
  const generated = generatedTsconfigs.find(({ folder }) => extended.split(/[\\/]/).includes(folder));
  if (generated !== undefined) return `\`${generated.folder}\` is generated: run ${generated.writer} in the project that holds it before linting.`;
  return "Install the package that provides it (your package manager's install), or fix the path.";
}

/** How to fix an `unbuilt` problem, in the summary and `valid-settings` alike. */
export const unbuiltFix =
  "Give the package's tsconfig.json the `outDir` its build writes to and the `rootDir` (or `include`) of its sources, or point its `exports` at its sources; or build it before linting.";

/** How a resolution problem reads in the summary, with its fix. */
export function describeProblem(problem: ResolutionProblem & { readonly imports: number }, cwd: string): string {
  const shown = (path: string) => relativePosix(cwd, path) ?? path;
  const resolveNowhere = `${plural(problem.imports, 'import')} ${problem.imports === 1 ? 'resolves' : 'resolve'} to no file`;
  switch (problem.kind) {
    case 'tsconfig':
      return problem.extends === null
        ? `\`${shown(problem.tsconfig)}\` does not parse (${problem.reason}): ${resolveNowhere}. Fix the tsconfig.`
        : `\`${shown(problem.tsconfig)}\` extends \`${problem.extends}\`, which cannot be found (${problem.reason}): ${resolveNowhere}. ${extendsFix(problem.extends)}`;
    case 'alias':
      return `alias \`${problem.alias}\` in \`${shown(problem.tsconfig)}\` resolves nowhere (no folder ${problem.targets.map((target) => `\`${target}\``).join(' or ')}): ${plural(problem.imports, 'import')}. Fix \`paths\` (or \`baseUrl\`) in that tsconfig.`;
    case 'workspace':
      return `workspace package \`${problem.name}\` (\`${shown(problem.folder)}\`) is not linked into node_modules: ${plural(problem.imports, 'import')}, checked through the workspace's manifest meanwhile. Run your package manager's install.`;
    case 'unmapped': {
      const words = unmappedWords(problem, shown);
      return `\`${problem.prefix}\` imports, which can name no package, are mapped by ${words.where}: ${resolveNowhere}. Map \`${problem.prefix}*\` in \`compilerOptions.paths\` of the nearest tsconfig.json or jsconfig.json${words.orImports}.`;
    }
    case 'import-map':
      return `the import map ${importMapWords(problem, shown)} cannot be read (${problem.reason}): ${resolveNowhere}. ${importMapFix(problem)}`;
    case 'unbuilt':
      return `package \`${problem.name}\` (\`${shown(problem.folder)}\`) names \`${shown(problem.entry)}\` for \`${problem.specifier}\`, which is not there, and no source file maps to it: ${plural(problem.imports, 'import')}, placed by the missing path alone. ${unbuiltFix}`;
  }
}

export function formatSummary(summary: Summary, cwd: string): string {
  const lines: string[] = [];
  lines.push(`${plural(summary.files, 'source file')} (${listedWords(summary.listedBy)})${summary.ignored > 0 ? `; ${summary.ignored} ignored by the ESLint config` : ''}; contract ${summary.contract === null ? 'not found' : `\`${summary.contract}\``}.`);
  for (const problem of summary.contractProblems) lines.push(`  contract problem: ${problem}`);
  lines.push('', 'Files per layer:');
  const width = Math.max(8, ...summary.layers.map((layer) => `Layer ${layer.number} ${layer.name} (${layer.status}${layer.humanOnly ? ', human-only' : ''})`.length));
  for (const layer of summary.layers) lines.push(`  ${`Layer ${layer.number} ${layer.name} (${layer.status}${layer.humanOnly ? ', human-only' : ''})`.padEnd(width)}  ${String(layer.files).padStart(5)}`);
  const none = Object.values(summary.unlayered).reduce((sum, count) => sum + count, 0);
  lines.push(`  ${'No layer'.padEnd(width)}  ${String(none).padStart(5)}`);
  if (none > 0) {
    lines.push('', 'Files in no layer, by top folder:');
    const folderWidth = Math.max(...Object.keys(summary.unlayered).map((folder) => folder.length));
    for (const [folder, count] of Object.entries(summary.unlayered)) lines.push(`  ${folder.padEnd(folderWidth)}  ${String(count).padStart(5)}`);
  }
  const section = (title: string, items: readonly string[]) => {
    lines.push('', `${title}: ${items.length === 0 ? 'none' : items.length}`);
    for (const item of items) lines.push(`  ${item}`);
  };
  section('Settings that fail their schema', summary.settingsProblems);
  section(
    'Conflicts between equally specific globs',
    summary.conflicts.map((conflict) => `${conflict.globs.map((glob) => `\`${glob.glob}\` (${glob.layer === null ? 'unlayered' : `Layer ${glob.layer}`})`).join(', ')}: ${plural(conflict.files, 'file')}, e.g. ${conflict.example}; the first decides`),
  );
  section('Globs that match no file', summary.deadGlobs.map((glob) => `\`${glob.glob}\` in settings.bookiji.${glob.key}`));
  section('Imports the layer rules cannot follow', summary.unresolved.map((problem) => describeProblem(problem, cwd)));
  section('Auto-imported names the layer rules cannot follow', summary.autoImports);
  return lines.join('\n');
}
