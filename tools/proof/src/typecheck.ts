import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';
import { rememberPass } from './typecheck-cache.js';

// Loaded with require: as an ES module import under tsx, the compiler takes seconds longer to load.
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

export interface TypeProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly message: string;
}

const typesModule = fileURLToPath(new URL('./config.js', import.meta.url));

/**
 * Whether this runner runs from its TypeScript sources (this repository's
 * `pnpm proof` and tests) rather than from its built `dist/` (an installed
 * package). Only the sources may resolve workspace packages to their sources
 * (the `@bookiji/source` condition): an installed `@bookiji/proof` is checked
 * against its published declarations, as the project's editor sees it.
 */
const fromSources = import.meta.url.endsWith('.ts');

/**
 * The compiler options of the check, the same in every project whatever its
 * tsconfig.json says. Module resolution is the bundler's, as tsx loads the
 * file: the same rules in an ES module project and a CommonJS one, `export
 * default` is the default export in both, and relative imports may leave out
 * their extension. No ambient types, not even Node's: a configuration that
 * read `process.env` would depend on the operator's shell, which neither its
 * digest nor the report records; the steps get variables through
 * `environment`. (Reading @types/node would also double the check's time.)
 */
const options: TypeScript.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  types: [],
  skipLibCheck: true,
  isolatedModules: true,
  allowImportingTsExtensions: true,
  customConditions: fromSources ? ['@bookiji/source'] : [],
};

function specifier(from: string, to: string): string {
  const path = relative(dirname(from), to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** "Module has no default export", in its two wordings. */
const NO_DEFAULT_EXPORT: readonly number[] = [1192, 2613];

const HINT = 'write it as `export default { … } satisfies ProofConfig`, or with `as const`, so the literal keeps its exact types';

/**
 * Type-checks a proof configuration with the TypeScript compiler, and checks
 * its default export against `ProofConfig` even when the file never names the
 * type, through a small in-memory module that assigns one to the other.
 */
export function typeCheckConfig(configPath: string, root: string): readonly TypeProblem[] {
  const checker = join(dirname(configPath), '.proof-config-check.ts');
  const typesSpecifier = specifier(checker, typesModule.replace(/\.ts$/, '.js'));
  const configSpecifier = specifier(checker, configPath.replace(/\.([mc]?)ts$/, '.$1js'));
  const checkerSource = [
    `import type { ProofConfig } from '${typesSpecifier}';`,
    `import config from '${configSpecifier}';`,
    'export const checked: ProofConfig = config;',
    '',
  ].join('\n');

  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === checker || fileExists(file);
  host.readFile = (file) => (file === checker ? checkerSource : readFile(file));
  host.getSourceFile = (file, language, onError, shouldCreate) =>
    file === checker ? ts.createSourceFile(file, checkerSource, language, true) : getSourceFile(file, language, onError, shouldCreate);

  const program = ts.createProgram({ rootNames: [configPath, checker], options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length === 0) {
    const files = program
      .getSourceFiles()
      .map((file) => file.fileName)
      .filter((file) => file !== checker && !program.isSourceFileDefaultLibrary(program.getSourceFile(file) as TypeScript.SourceFile));
    rememberPass(root, configPath, files);
  }
  // The check of the default export only repeats a problem the configuration's own `satisfies` or annotation found.
  const own = diagnostics.filter((diagnostic) => diagnostic.file?.fileName !== checker);
  return (own.length > 0 ? own : diagnostics).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file) return { file: relative(root, configPath), line: 1, column: 1, code: diagnostic.code, message };
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    if (diagnostic.file.fileName === checker) {
      const noDefault = NO_DEFAULT_EXPORT.includes(diagnostic.code);
      return {
        file: relative(root, configPath),
        line: 1,
        column: 1,
        code: diagnostic.code,
        message: noDefault
          ? 'Unexpected file without a default export, expected the configuration as `export default { … } satisfies ProofConfig`'
          : `Unexpected default export that is not a \`ProofConfig\`, expected one (${HINT}): ${message}`,
      };
    }
    return { file: relative(root, diagnostic.file.fileName), line: line + 1, column: character + 1, code: diagnostic.code, message };
  });
}
