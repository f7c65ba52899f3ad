import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Options as EngineOptions } from 'unified-engine';

/** What unified-args' argument parser gives back; the same flags as remark-cli. */
export interface ParsedArgv {
  readonly args: { readonly help: boolean; readonly helpMessage: string; readonly version: boolean; readonly watch: boolean };
  readonly engine: EngineOptions;
}

export type ParseArgv = (flags: string[], options: Record<string, unknown>) => ParsedArgv;

/** The module of unified-args that parses its flags, which its `exports` do not list. */
export const PARSE_ARGV_MODULE = join('lib', 'parse-argv.js');

/**
 * unified-args parses remark-cli's flags but exports only `args()`, which owns
 * the process (exit codes, stack traces). Its parser is used directly so the
 * flags are the ones remark-cli users know, and this CLI keeps its exit codes.
 * The dependency is pinned to the version whose layout this relies on. The
 * built CLI has the parser bundled in: scripts/bundle.ts builds this module as
 * one that imports it.
 */
export async function loadParseArgv(): Promise<ParseArgv> {
  const entry = createRequire(import.meta.url).resolve('unified-args');
  const module = (await import(pathToFileURL(join(dirname(entry), PARSE_ARGV_MODULE)).href)) as { parseArgv: ParseArgv };
  return module.parseArgv;
}
