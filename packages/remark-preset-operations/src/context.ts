import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_CONTRACT_PATH, findContractPath, readContract, type ContractResult } from '@bookiji/contract';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';
import type { Options } from './options.js';

export interface LintContext {
  /** Absolute path of the file being linted. */
  readonly filePath: string;
  /** The repository root: the folder that holds docs/operations/. */
  readonly root: string;
  /** The file's path relative to the root, with forward slashes. */
  readonly relativePath: string;
  /** Absolute path of the contract, or null when none was found. */
  readonly contractPath: string | null;
  /** Absolute path of the folder that holds the contract (docs/operations). */
  readonly operationsDir: string | null;
  readonly contract: ContractResult | null;
  readonly isContract: boolean;
  /** Whether the file lies under the contract's folder. */
  readonly isOperationsDocument: boolean;
}

const contractCache = new Map<string, { key: string; result: ContractResult }>();

/** The contract, re-read only when its size or modification time changes. */
function cachedContract(path: string): ContractResult {
  let key = 'missing';
  try {
    const stat = statSync(path);
    key = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // readContract reports the problem.
  }
  const hit = contractCache.get(path);
  if (hit && hit.key === key) return hit.result;
  const result = readContract(path);
  contractCache.set(path, { key, result });
  return result;
}

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

export function lintContext(file: VFile, options: Options): LintContext | null {
  if (!file.path) return null;
  const filePath = resolve(file.cwd, file.path);
  const contractPath = options.contract
    ? resolve(file.cwd, options.contract)
    : findContractPath(dirname(filePath)) ?? findContractPath(file.cwd);
  const suffix = join(...DEFAULT_CONTRACT_PATH.split('/'));
  const root = contractPath === null ? file.cwd : contractPath.endsWith(sep + suffix) ? contractPath.slice(0, -suffix.length - 1) : file.cwd;
  const operationsDir = contractPath === null ? null : dirname(contractPath);
  const inOperations = operationsDir !== null && !relative(operationsDir, filePath).startsWith('..') && !isAbsolute(relative(operationsDir, filePath));
  return {
    filePath,
    root,
    relativePath: toPosix(relative(root, filePath)),
    contractPath,
    operationsDir,
    contract: contractPath === null ? null : cachedContract(contractPath),
    isContract: contractPath !== null && resolve(contractPath) === filePath,
    isOperationsDocument: inOperations,
  };
}

const parser = unified().use(remarkParse).use(remarkGfm);
const documentCache = new Map<string, { key: string; tree: Root | null }>();

/** Another Markdown document of the repository, parsed (cached by size and mtime); null when unreadable. */
export function readDocument(path: string): Root | null {
  let key: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return null;
    key = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
  const hit = documentCache.get(path);
  if (hit && hit.key === key) return hit.tree;
  const tree = parser.parse(readFileSync(path, 'utf8'));
  documentCache.set(path, { key, tree });
  return tree;
}
