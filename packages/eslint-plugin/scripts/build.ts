/**
 * The package's build: type declarations from the TypeScript compiler, code
 * from esbuild. ESLint loads the plugin in every lint run, and a run of the
 * editor's server per validation: bundled, the plugin and the contract's
 * Markdown parser (unified, micromark: some 190 modules) load as a handful
 * of files, which halves the time the plugin adds before the first file is
 * linted. ESLint, typescript-eslint and TypeScript stay outside, as the
 * project's own copies; so do `yaml` (read only when a workspace is) and the
 * optional `@viz-js/viz`. dist/ is emptied first, so no file of an earlier
 * build outlives the module it came from.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageDir, 'dist');
/** Imports the bundle leaves to the project: peers, and what is loaded only on demand. */
const EXTERNAL = ['eslint', 'typescript', '@typescript-eslint/*', 'yaml', '@viz-js/viz'];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json'), '--emitDeclarationOnly'], { stdio: 'inherit' });

const result = await build({
  absWorkingDir: packageDir,
  entryPoints: ['src/index.ts', 'src/cli.ts'],
  outdir: dist,
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Workspace packages from their sources, as the tests run them: the bundle needs none of them built.
  conditions: ['@bookiji/source'],
  // A package with no `exports` from its ES module build where it has one: jsonc-parser's `main` is a UMD wrapper whose requires a bundler cannot follow.
  mainFields: ['module', 'main'],
  chunkNames: 'chunk-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'eof',
  // CommonJS dependencies (picomatch) require Node's built-ins; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
  external: EXTERNAL,
  metafile: true,
  logLevel: 'warning',
});

const expected = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const unexpected = [...new Set(Object.values(result.metafile.outputs).flatMap((output) => output.imports).filter((entry) => entry.external).map((entry) => entry.path))].filter(
  (path) => !expected.has(path) && !EXTERNAL.some((external) => (external.endsWith('/*') ? path.startsWith(external.slice(0, -1)) : path === external || path.startsWith(`${external}/`))),
);
if (unexpected.length > 0) {
  process.stderr.write(`The bundle imports modules it should contain: ${unexpected.join(', ')}\n`);
  process.exit(1);
}
writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(result.metafile));

/** The licences of the npm packages bundled in, which their terms ask to travel with their code. */
function thirdPartyNotices(metafile: Metafile): string {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = resolve(packageDir, input).split(sep);
    const modules = parts.lastIndexOf('node_modules');
    if (modules === -1) continue;
    dirs.add(parts.slice(0, modules + 1 + (parts[modules + 1]?.startsWith('@') ? 2 : 1)).join(sep));
  }
  const sections = [...dirs]
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
      const file = readdirSync(dir).sort().find((name) => /^(?:licen[cs]e|copying)(?:[.-].*)?$/iu.test(name));
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : 'The package ships no licence file.';
      return { id: `${manifest.name}@${manifest.version}`, text: `## ${manifest.name}@${manifest.version}\n\nLicense: ${manifest.license ?? 'not stated'}\n\n\`\`\`text\n${text}\n\`\`\`\n` };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `# Third-party notices\n\nThe files of dist/ bundle the following packages.\n\n${sections.map((section) => section.text).join('\n')}`;
}
