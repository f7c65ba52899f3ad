import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import type { ContractResult } from './model.js';
import { DEFAULT_CONTRACT_PATH } from './model.js';
import { firstInvalidUtf8, pointAtByte } from './conventions.js';
import { parseContract } from './parse.js';

// Not fatal: a contract with a bad byte is still parsed, and the byte is reported where it stands.
const utf8 = new TextDecoder('utf-8');

/**
 * Reads and parses a contract file. A file that cannot be read or is not
 * UTF-8 text gives a diagnostic at line 1, never an exception.
 */
export function readContract(path: string): ContractResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const empty = parseContract('', { file: path });
    return Object.freeze({
      contract: empty.contract,
      diagnostics: Object.freeze([
        Object.freeze({
          file: path,
          line: 1,
          column: 1,
          ruleId: 'contract-unreadable' as const,
          message: `Cannot read the contract at \`${path}\` (${reason}).`,
        }),
      ]),
    });
  }
  return parseContractBytes(bytes, path);
}

/** Parses contract bytes, reporting the first byte that is not valid UTF-8. */
export function parseContractBytes(bytes: Uint8Array, file: string): ContractResult {
  const invalid = firstInvalidUtf8(bytes);
  const text = utf8.decode(bytes);
  if (invalid !== -1) {
    const result = parseContract(text, { file });
    if (result.diagnostics.some((diagnostic) => diagnostic.ruleId === 'contract-not-text')) return result;
    const { line, column } = pointAtByte(bytes, invalid);
    return Object.freeze({
      contract: result.contract,
      diagnostics: Object.freeze([
        Object.freeze({ file, line, column, ruleId: 'contract-not-utf8' as const, message: 'The contract is not valid UTF-8 text; save it as UTF-8.' }),
        ...result.diagnostics,
      ]),
    });
  }
  return parseContract(text, { file });
}

/**
 * Looks for the contract from `startDir` upward, the way a repository's tools
 * find it whatever folder they run in. Returns null when no folder has it.
 * `exists` answers whether a path is there. A tool that looks up many
 * folders passes `known`, the answers so far by folder: the walk stops at the
 * first folder it holds, and every folder it passed is added, so the folders
 * of a tree share the look at their common ancestors.
 */
export function findContractPath(
  startDir: string,
  relativePath: string = DEFAULT_CONTRACT_PATH,
  exists: (path: string) => boolean = existsSync,
  known?: Map<string, string | null>,
): string | null {
  const answer = known?.get(startDir);
  if (answer !== undefined) return answer;
  let dir = resolve(startDir);
  const { root } = parsePath(dir);
  const passed: string[] = [startDir];
  let found: string | null = null;
  for (;;) {
    const before = known?.get(dir);
    if (before !== undefined) {
      found = before;
      break;
    }
    passed.push(dir);
    const candidate = join(dir, relativePath);
    if (exists(candidate)) {
      found = candidate;
      break;
    }
    if (dir === root) break;
    dir = dirname(dir);
  }
  if (known !== undefined) for (const folder of passed) known.set(folder, found);
  return found;
}

/** A SHA-256 digest of the contract's bytes, for cache keys and reports. */
export function contractDigest(source: string | Uint8Array): string {
  return createHash('sha256').update(source).digest('hex');
}
