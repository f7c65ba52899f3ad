import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { contractRoot, DEFAULT_CONTRACT_PATH, findContractPath, parseBounded, parseContract, parseContractBytes, readContract, type ContractResult } from '@bookiji/contract';
import type { Root } from 'mdast';
import picomatch from 'picomatch';
import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import { OperationsConfigurationError, type Options } from './options.js';
import { readSchemaFile, type SchemaFile } from './schema-file.js';
import { MAX_DOCUMENT_BYTES } from './bounds.js';

/**
 * What one run has read: the contract and the documents rules look into. Files
 * do not change while a run lasts, so a run reads each once; the next run
 * (watch mode, an editor) reads them again.
 */
export interface Run {
  /** Where the contract was found, by the folder the search started from. */
  readonly contractPaths: Map<string, string | null>;
  /** The contract, by absolute path. */
  readonly contracts: Map<string, ContractResult>;
  /** Other documents, parsed, by absolute path; null when unreadable. */
  readonly documents: Map<string, Root | null>;
  /** Globs and regular expressions of the options, compiled, by their source. */
  readonly compiled: Map<string, ((path: string) => boolean) | RegExp>;
  /** Checks across documents, run once every file is checked (see `RuleReport.afterRun`). */
  readonly afterRun: (() => void)[];
  /** Files of document schemas, by absolute path. */
  readonly schemaFiles: Map<string, SchemaFile>;
}

const runs = new WeakMap<FileSet | VFile, Run>();

/** A run: unified-engine's file set, or, outside the engine, the file alone. */
export function runOf(key: FileSet | VFile): Run {
  let run = runs.get(key);
  if (!run) {
    run = { contractPaths: new Map(), contracts: new Map(), documents: new Map(), compiled: new Map(), afterRun: [], schemaFiles: new Map() };
    runs.set(key, run);
  }
  return run;
}

export interface LintContext {
  /** Absolute path of the file being linted. */
  readonly filePath: string;
  /** The repository root: the folder the contract's document paths start from. */
  readonly root: string;
  /** The file's path relative to the root, with forward slashes. */
  readonly relativePath: string;
  /** Absolute path of the contract. */
  readonly contractPath: string;
  /** Absolute path of the folder that holds the contract (docs/operations). */
  readonly operationsDir: string;
  /** The file's path relative to the contract's folder, with forward slashes. */
  readonly operationsPath: string;
  readonly contract: ContractResult;
  readonly isContract: boolean;
  /** Whether the file lies under the contract's folder. */
  readonly isOperationsDocument: boolean;
  readonly run: Run;
  /** The path the contract gives for each document it names, by the repository-relative path of the file that stands for it (`documentPaths`). */
  readonly standsFor: ReadonlyMap<string, string>;
  /** The repository-relative path of the file that stands for a document the contract names. */
  readonly fileFor: (contractPath: string) => string;
}

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function searchContract(run: Run, dir: string): string | null {
  let found = run.contractPaths.get(dir);
  if (found === undefined) {
    found = findContractPath(dir);
    run.contractPaths.set(dir, found);
  }
  return found;
}

/**
 * The contract at `path`, read once per run. A contract too large to parse is
 * read as an empty one: the contract itself gets the `text-document` message
 * about its size, and the other documents find no layer in it.
 */
function contractOf(run: Run, path: string): ContractResult {
  let result = run.contracts.get(path);
  if (!result) {
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    result = size > MAX_DOCUMENT_BYTES ? parseContract('', { file: path }) : readContract(path);
    run.contracts.set(path, result);
  }
  return result;
}

const ownContracts = new WeakMap<VFile, ContractResult>();

/** The contract as the file being checked holds it, parsed once per file. */
function contractOfFile(run: Run, file: VFile, path: string): ContractResult {
  let result = ownContracts.get(file);
  if (!result) {
    const { value } = file;
    const size = value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(String(value ?? ''));
    result = size > MAX_DOCUMENT_BYTES ? parseContract('', { file: path }) : value instanceof Uint8Array ? parseContractBytes(value, path) : parseContract(String(value ?? ''), { file: path });
    ownContracts.set(file, result);
    // The other documents of the run read the contract as it is checked too.
    run.contracts.set(path, result);
  }
  return result;
}

/**
 * Where the file stands against the contract; null for a file without a path
 * (stdin). A contract that cannot be found is a configuration mistake.
 */
export function lintContext(file: VFile, options: Options, run: Run): LintContext | null {
  if (!file.path) return null;
  const filePath = resolve(file.cwd, file.path);
  let contractPath: string | null;
  if (options.contract) {
    contractPath = resolve(file.cwd, options.contract);
    if (!statSync(contractPath, { throwIfNoEntry: false })) {
      throw new OperationsConfigurationError(`Invalid option \`contract\`: no file at \`${options.contract}\``);
    }
  } else {
    contractPath = searchContract(run, dirname(filePath)) ?? searchContract(run, file.cwd);
    if (contractPath === null) {
      throw new OperationsConfigurationError(`No ${DEFAULT_CONTRACT_PATH} in the folders above \`${file.path}\` or the working directory; set the \`contract\` option`);
    }
  }
  const root = contractRoot(contractPath);
  const operationsDir = dirname(contractPath);
  const inside = relative(operationsDir, filePath);
  const mapped = Object.entries(options.documentPaths ?? {});
  const normal = (path: string) => toPosix(relative(root, resolve(root, path)));
  const files = new Map(mapped.map(([named, file]) => [normal(named), normal(file)]));
  return {
    standsFor: new Map(mapped.map(([named, file]) => [normal(file), normal(named)])),
    fileFor: (path) => files.get(normal(path)) ?? path,
    filePath,
    root,
    relativePath: toPosix(relative(root, filePath)),
    contractPath,
    operationsDir,
    operationsPath: toPosix(inside),
    // The contract being checked is read from the text checked (an editor's buffer may differ from the file on disk), so its findings lie in that text.
    contract: contractPath === filePath ? contractOfFile(run, file, contractPath) : contractOf(run, contractPath),
    isContract: contractPath === filePath,
    isOperationsDocument: (!inside.startsWith('..') && !isAbsolute(inside)) || mapped.some(([, file]) => resolve(root, file) === filePath),
    run,
  };
}

/** Another Markdown document of the repository, parsed once per run; null when it is not a readable file within the bounds documents are read with. */
export function readDocument(run: Run, path: string): Root | null {
  let tree = run.documents.get(path);
  if (tree === undefined) {
    tree = null;
    try {
      const stat = statSync(path);
      if (stat.isFile() && stat.size <= MAX_DOCUMENT_BYTES) tree = parseBounded(readFileSync(path, 'utf8').replace(/^\uFEFF/u, '')).tree;
    } catch {
      // Unreadable: null.
    }
    run.documents.set(path, tree);
  }
  return tree;
}

/** The document schemas of the options, read from their file once per run when the options give a path. */
export function documentSchemas(run: Run, options: Options, cwd: string): SchemaFile {
  const { documents } = options;
  if (documents === undefined) return { documents: [], declaredAt: new Map() };
  if (typeof documents !== 'string') return { documents, declaredAt: new Map() };
  const path = resolve(cwd, documents);
  let file = run.schemaFiles.get(path);
  if (!file) {
    file = readSchemaFile(documents, cwd);
    run.schemaFiles.set(path, file);
  }
  return file;
}

/** A picomatch matcher of globs (dot files included), compiled once per run. */
export function globMatcher(run: Run, globs: string | readonly string[]): (path: string) => boolean {
  const key = `glob\u0000${typeof globs === 'string' ? globs : globs.join('\u0000')}`;
  let matcher = run.compiled.get(key) as ((path: string) => boolean) | undefined;
  if (!matcher) {
    matcher = picomatch(typeof globs === 'string' ? globs : [...globs], { dot: true });
    run.compiled.set(key, matcher);
  }
  return matcher;
}

/** A regular expression of the options, compiled once per run (a global one is used from `lastIndex` 0 each time). */
export function regExp(run: Run, source: string, flags: string): RegExp {
  const key = `${flags}\u0000${source}`;
  let pattern = run.compiled.get(key) as RegExp | undefined;
  if (!pattern) {
    pattern = new RegExp(source, flags);
    run.compiled.set(key, pattern);
  }
  return pattern;
}
