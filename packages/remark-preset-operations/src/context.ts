import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_CONTRACT_PATH, findContractPath, parseContract, parseContractBytes, readContract, type ContractResult } from '@bookiji/contract';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import { contractCacheEntry, readCachedContract, writeCachedContract } from './contract-cache.js';
import { gfmTables } from './gfm-tables.js';
import { OperationsConfigurationError, type Options } from './options.js';
import { MAX_DOCUMENT_BYTES } from './size.js';

declare module 'vfile' {
  interface DataMap {
    /** A token of the run of unified-engine that checks the file: what one run found holds for all of its files. */
    operationsRun: object;
  }
}

/**
 * What one run of unified-engine looked up, by key: files do not change while
 * a run lasts, and a later run (watch mode, an editor) looks again.
 */
function perRun<T>(): (run: object | undefined, key: string, compute: () => T) => T {
  const memos = new WeakMap<object, Map<string, T>>();
  return (run, key, compute) => {
    if (!run) return compute();
    let memo = memos.get(run);
    if (!memo) {
      memo = new Map();
      memos.set(run, memo);
    }
    if (memo.has(key)) return memo.get(key)!;
    const value = compute();
    memo.set(key, value);
    return value;
  };
}

/** Where the contract was found from each folder. */
const contractSearch = perRun<string | null>();
const searchContract = (file: VFile, dir: string): string | null => contractSearch(file.data.operationsRun, dir, () => findContractPath(dir));

export interface LintContext {
  /** Absolute path of the file being linted. */
  readonly filePath: string;
  /** The repository root: the folder that holds docs/operations/. */
  readonly root: string;
  /** The file's path relative to the root, with forward slashes. */
  readonly relativePath: string;
  /** Absolute path of the contract. */
  readonly contractPath: string;
  /** Absolute path of the folder that holds the contract (docs/operations). */
  readonly operationsDir: string;
  readonly contract: ContractResult;
  readonly isContract: boolean;
  /** The run of unified-engine that checks the file, if any: what it read holds for all of its files. */
  readonly run: object | undefined;
  /** Whether the file lies under the contract's folder. */
  readonly isOperationsDocument: boolean;
}

const contractCache = new Map<string, { key: string; result: ContractResult }>();
const runContract = perRun<ContractResult>();

/** The contract, re-read only when its size or modification time changes. */
function cachedContract(path: string, root: string): ContractResult {
  let key = 'missing';
  let size = 0;
  try {
    const stat = statSync(path);
    key = `${stat.size}:${stat.mtimeMs}`;
    size = stat.size;
  } catch {
    // readContract reports the problem.
  }
  const hit = contractCache.get(path);
  if (hit && hit.key === key) return hit.result;
  const result = size > MAX_DOCUMENT_BYTES ? oversizeContract(path, size) : parsedContract(path, root);
  contractCache.set(path, { key, result });
  return result;
}

/** The contract parsed, or as parsed before from the same bytes by the same parser (see contract-cache.ts). */
function parsedContract(path: string, root: string): ContractResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    // readContract reports the problem.
    return readContract(path);
  }
  const entry = contractCacheEntry(root, path, bytes);
  const cached = entry ? readCachedContract(entry) : null;
  if (cached) return cached;
  const result = parseContractBytes(bytes, path);
  if (entry) writeCachedContract(entry, result);
  return result;
}

function oversizeContract(path: string, size: number): ContractResult {
  const empty = parseContract('', { file: path });
  const diagnostic = {
    file: path,
    line: 1,
    column: 1,
    ruleId: 'contract-unreadable' as const,
    message: `The contract is ${size} bytes, more than the ${MAX_DOCUMENT_BYTES} bytes a document may have; it was not read.`,
  };
  return { contract: empty.contract, diagnostics: [diagnostic] };
}

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Where the file stands against the contract. Null for a file without a path
 * (stdin). A contract that cannot be found is a configuration mistake.
 */
const contexts = new WeakMap<VFile, { options: Options; context: LintContext }>();

/** The file's context, worked out once per file and options for all the rules. */
export function lintContext(file: VFile, options: Options): LintContext | null {
  if (!file.path) return null;
  const cached = contexts.get(file);
  if (cached && cached.options === options) return cached.context;
  const context = computeContext(file, options);
  contexts.set(file, { options, context });
  return context;
}

function computeContext(file: VFile & { path: string }, options: Options): LintContext {
  const filePath = resolve(file.cwd, file.path);
  let contractPath: string | null;
  if (options.contract) {
    contractPath = resolve(file.cwd, options.contract);
    if (!existsSync(contractPath)) {
      throw new OperationsConfigurationError(`Invalid option \`contract\`: no file at \`${options.contract}\``);
    }
  } else {
    contractPath = searchContract(file, dirname(filePath)) ?? searchContract(file, file.cwd);
    if (contractPath === null) {
      throw new OperationsConfigurationError(
        `No ${DEFAULT_CONTRACT_PATH} in the folders above \`${file.path}\` or the working directory; set the \`contract\` option`,
      );
    }
  }
  const suffix = join(...DEFAULT_CONTRACT_PATH.split('/'));
  const root = contractPath.endsWith(sep + suffix) ? contractPath.slice(0, -suffix.length - 1) : file.cwd;
  const operationsDir = dirname(contractPath);
  const inside = relative(operationsDir, filePath);
  return {
    filePath,
    root,
    relativePath: toPosix(relative(root, filePath)),
    contractPath,
    operationsDir,
    contract: runContract(file.data.operationsRun, contractPath, () => cachedContract(contractPath, root)),
    isContract: contractPath === filePath,
    run: file.data.operationsRun,
    isOperationsDocument: !inside.startsWith('..') && !isAbsolute(inside),
  };
}

const parser = unified().use(remarkParse).use(gfmTables);
const documentCache = new Map<string, { key: string; text: string; tree: Root }>();

/**
 * Trees of the documents a run of unified-engine parsed, by absolute path,
 * while the run lasts: a rule that reads another document of the run (the
 * traceability map, a field's allowed values) reuses its tree instead of
 * parsing it again. Only trees parsed exactly as `readDocument` parses (see
 * `sharesTrees` in index.ts) are offered, and one is used only when the text
 * on disk is the text the engine parsed.
 */
const runTrees = new Map<string, { file: VFile; tree: Root }>();

export function offerRunTree(path: string, file: VFile, tree: Root): void {
  runTrees.set(path, { file, tree });
}

export function forgetRunTrees(files: readonly VFile[]): void {
  for (const file of files) {
    if (!file.path) continue;
    const path = resolve(file.cwd, file.path);
    if (runTrees.get(path)?.file === file) runTrees.delete(path);
  }
}

const runDocument = perRun<Root | null>();

/**
 * Another Markdown document of the repository, parsed (cached by size and
 * mtime, and looked at once per run); null when unreadable.
 */
export function readDocument(path: string, run?: object): Root | null {
  return runDocument(run, path, () => readDocumentFromDisk(path));
}

function readDocumentFromDisk(path: string): Root | null {
  let key: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_DOCUMENT_BYTES) return null;
    key = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
  const hit = documentCache.get(path);
  if (hit && hit.key === key) return hit.tree;
  const text = readFileSync(path, 'utf8');
  const run = runTrees.get(path);
  const tree = run && String(run.file) === text ? run.tree : parser.parse(text);
  documentCache.set(path, { key, text, tree });
  return tree;
}

/**
 * The tree `readDocument` parsed from exactly this text, so that a run of
 * unified-engine that reaches the document later does not parse it again
 * (only for a processor that parses as `readDocument` does; see `sharesTrees`).
 */
export function parsedDocument(path: string, text: string): Root | undefined {
  const hit = documentCache.get(path);
  return hit && hit.text === text ? hit.tree : undefined;
}
