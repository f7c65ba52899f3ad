/**
 * Bundles the preset and the CLI into dist/.
 *
 * A run of docs-lint on a few documents spends most of its time loading
 * modules: the preset, unified-engine and micromark are some 450 files, and
 * Node resolves, reads and links each of them. Bundled, the same code loads
 * in a handful of files. `index.js` (the preset, which `.remarkrc.js` files
 * import), `cli.js` and `parse-worker.js` are entry points of one build, so
 * they share chunks: a configuration that imports the preset during a CLI run
 * gets the module the CLI already loaded, not a second copy.
 *
 * Every output file sits directly in dist/, as the sources sit in src/: code
 * that finds files next to itself (`../package.json`, `../docs/rules/`,
 * `./parse-worker.js`) finds them from any chunk.
 */
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { PARSE_ARGV_MODULE } from '../src/parse-argv.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry points, relative to the package: what package.json and the worker name. */
export const ENTRY_POINTS = ['src/index.ts', 'src/cli.ts', 'src/parse-worker.ts'] as const;

/**
 * Bundles unified-args' flag parser, which its `exports` keep from a plain
 * import: `src/parse-argv.ts`, which loads the parser's file at run time, is
 * built as a module that imports that file. The rest of it is types.
 */
const unifiedArgsParser: Plugin = {
  name: 'unified-args-parser',
  setup(esbuild) {
    // esbuild's filters are Go regular expressions, which take no flags (so no `u`).
    esbuild.onLoad({ filter: /[\\/]src[\\/]parse-argv\.ts$/ }, (args) => {
      const parser = join(dirname(createRequire(args.path).resolve('unified-args')), PARSE_ARGV_MODULE);
      if (!existsSync(parser)) throw new Error(`unified-args has no ${PARSE_ARGV_MODULE}: its version does not match the one this package pins`);
      const contents = `import { parseArgv } from ${JSON.stringify(parser)};
export const PARSE_ARGV_MODULE = ${JSON.stringify(PARSE_ARGV_MODULE)};
export async function loadParseArgv() {
  return parseArgv;
}
`;
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Modules a bundled package tries to require and does without: promise-inflight uses bluebird when it finds it. */
const OPTIONAL_REQUIRES = ['bluebird'];

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
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Workspace packages from their sources, as the tests run them: the bundle needs none of them built.
    conditions: ['@bookiji/source'],
    chunkNames: 'chunk-[hash]',
    // No `keepNames`: it would name every function micromark creates while it parses, a tenth of the parse.
    // The names the preset looks for (`remarkParse`, `remarkStringify`) are checked by the bundle's tests.
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'eof',
    // CommonJS dependencies (debug, ci-info) require Node's built-ins; an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
    external: OPTIONAL_REQUIRES,
    plugins: [unifiedArgsParser],
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
