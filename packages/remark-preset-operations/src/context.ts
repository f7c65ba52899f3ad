import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_CONTRACT_PATH, findContractPath, parseContract, parseContractBytes, readContract, type ContractResult } from '@bookiji/contract';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { contractCacheEntry, readCachedContract, writeCachedContract } from './contract-cache.js';
import { documentParser } from './gfm-tables.js';
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

const parser = documentParser();

/**
 * Parsed documents by absolute path, with the text each was parsed from, shared
 * by `readDocument` and the runs of unified-engine (see `shareRunTrees` in
 * index.ts): whichever reads a document first parses it, and the other takes
 * the tree when its text is the same. An entry `readDocument` made (`key`: the
 * file's size and mtime when read) is kept between runs; one a run made is kept
 * only while that run lasts.
 */
interface ParsedDocument {
  readonly text: string;
  readonly tree: Root;
  readonly key?: string;
  /** The run that parsed it, until `readDocument` reads it too. */
  readonly run?: object;
}
const documents = new Map<string, ParsedDocument>();

/** A tree a run parsed (only one parsed exactly as `readDocument` parses; see `sharesTrees` in index.ts). */
export function offerRunTree(path: string, run: object, text: string, tree: Root): void {
  const known = documents.get(path);
  if (known?.tree !== tree) documents.set(path, { text, tree, run });
}

/** Drops the trees only this run used, once it is done. */
export function forgetRunTrees(run: object): void {
  for (const [path, document] of documents) if (document.run === run) documents.delete(path);
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
  const known = documents.get(path);
  if (known?.key === key) return known.tree;
  const text = readFileSync(path, 'utf8');
  const tree = known?.text === text ? known.tree : parser.parse(text);
  documents.set(path, { key, text, tree });
  return tree;
}

/** The tree already parsed from exactly this text at `path`, by `readDocument` or a run. */
export function parsedDocument(path: string, text: string): Root | undefined {
  const known = documents.get(path);
  return known?.text === text ? known.tree : undefined;
}
