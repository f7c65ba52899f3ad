/**
 * Bundles the preset and the CLI into dist/.
 *
 * A run of docs-lint on a few documents spends most of its time loading
 * modules: the preset, unified-engine, unified-args and micromark are some 450
 * files, and Node resolves, reads and links each of them. Bundled, the same
 * code loads in a handful of files. The preset (`index.js`, which `.remarkrc.js`
 * files import), the CLI (`cli.js`) and the two modules the CLI hands
 * unified-args (`cli/reporter.js`, `cli/preset-by-default.js`) are entry points
 * of one build, so they share chunks: a configuration that imports the preset
 * during a CLI run gets the module the CLI already loaded, not a second copy.
 * Code that reads files of the package finds them by the package's name, not
 * beside itself, since the bundler moves code between files. The options'
 * JSON Schema is compiled here, once, instead of on every run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build, type Metafile, type Plugin } from 'esbuild';
import { optionsSchema } from '../src/options-schema.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry points, relative to the package: what package.json names, and what the CLI gives unified-args. */
export const ENTRY_POINTS = ['src/index.ts', 'src/cli.ts', 'src/cli/reporter.ts', 'src/cli/preset-by-default.ts'] as const;

/**
 * ajv's standalone code for the options' schema in place of src/options-validator.ts,
 * which compiles the schema when it loads. The code requires ajv's small runtime
 * helpers (`ucs2length`), which the bundle holds too.
 */
const standaloneOptionsValidator: Plugin = {
  name: 'standalone-options-validator',
  setup(esbuild) {
    // esbuild's filters are Go regular expressions, which take no flags (so no `u`).
    esbuild.onLoad({ filter: /[\\/]src[\\/]options-validator\.ts$/ }, (args) => {
      const ajv = new Ajv({ code: { source: true, esm: true } });
      const code = standaloneCode.default(ajv, ajv.compile(optionsSchema));
      return { contents: code.replace(/^"use strict";/u, ''), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * Modules a bundled package tries to require and does without: promise-inflight uses bluebird when it finds
 * it, and chokidar (`--watch`) uses fsevents on macOS when it is installed.
 */
const OPTIONAL_REQUIRES = ['bluebird', 'fsevents'];

export interface BundleOptions {
  /** Where the bundle goes; `dist` of the package for a build. */
  readonly outdir: string;
}

export interface BundledPackage {
  readonly dir: string;
  readonly license: string | undefined;
}

export interface BundleResult {
  readonly metafile: Metafile;
  /** Modules the bundle would import when it runs beyond Node's built-ins and known optional ones: none, in a good build. */
  readonly externalImports: readonly string[];
  /** The npm packages bundled in, by `name@version`. */
  readonly packages: ReadonlyMap<string, BundledPackage>;
}

export async function bundle(options: BundleOptions): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: [...ENTRY_POINTS],
    outdir: options.outdir,
    outbase: 'src',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // A package's ES module build where it has one: jsonc-parser's `main` is a UMD build whose `require`s esbuild cannot follow.
    mainFields: ['module', 'main'],
    target: 'node20.19',
    // Workspace packages from their sources, as the tests run them: the bundle needs none of them built.
    conditions: ['@bookiji/source'],
    chunkNames: 'chunk-[hash]',
    // No `keepNames`: it would name every function micromark creates while it parses, a tenth of the parse.
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'eof',
    // CommonJS dependencies (debug, ci-info) require Node's built-ins; an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
    external: OPTIONAL_REQUIRES,
    plugins: [standaloneOptionsValidator],
    metafile: true,
    logLevel: 'silent',
  });
  const expected = new Set([...builtinModules.flatMap((name) => [name, `node:${name}`]), ...OPTIONAL_REQUIRES]);
  const externalImports = [
    ...new Set(
      Object.values(result.metafile.outputs)
        .flatMap((output) => output.imports)
        .filter((entry) => entry.external)
        .map((entry) => entry.path),
    ),
  ].filter((path) => !expected.has(path));
  return { metafile: result.metafile, externalImports, packages: bundledPackages(result.metafile) };
}

/** The npm packages whose files went into the bundle, each manifest read once. */
function bundledPackages(metafile: Metafile): Map<string, BundledPackage> {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = resolve(packageDir, input).split(sep);
    const modules = parts.lastIndexOf('node_modules');
    if (modules === -1) continue;
    const nameParts = parts[modules + 1]?.startsWith('@') ? 2 : 1;
    dirs.add(parts.slice(0, modules + 1 + nameParts).join(sep));
  }
  const packages = [...dirs].map((dir): [string, BundledPackage] => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    return [`${manifest.name}@${manifest.version}`, { dir, license: manifest.license }];
  });
  return new Map(packages.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const LICENSE_FILE = /^(?:licen[cs]e|copying)(?:[.-].*)?$/iu;

/** The licences of the bundled packages, which their terms ask to travel with their code. */
export function thirdPartyNotices(packages: ReadonlyMap<string, BundledPackage>): string {
  const sections = [...packages].map(([id, { dir, license }]) => {
    const file = readdirSync(dir).sort().find((name) => LICENSE_FILE.test(name));
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : 'The package ships no licence file.';
    return `## ${id}\n\nLicense: ${license ?? 'not stated'}\n\n\`\`\`text\n${text}\n\`\`\`\n`;
  });
  return `# Third-party notices\n\nThe files of dist/ bundle the following packages.\n\n${sections.join('\n')}`;
}
