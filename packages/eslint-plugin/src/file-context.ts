import { dirname, isAbsolute } from 'node:path';
import type { Layer } from '@bookiji/contract';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contractFor, layerSection, pairKey } from './contract-state.js';
import type { ContractIndex, ContractState } from './contract-state.js';
import { autoImportsFor } from './auto-imports.js';
import type { AutoImports } from './auto-imports.js';
import { membershipOf } from './membership.js';
import type { Membership, Reason } from './membership.js';
import { resolveImport } from './resolve.js';
import type { Resolution } from './resolve.js';
import { viewFor } from './fs-view.js';
import type { FsView } from './fs-view.js';
import { compileSettings, SETTINGS_KEY } from './settings.js';
import type { CompiledSettings } from './settings.js';
import { rememberTag, tagFromComments, tagOfComponent, tagOfFile } from './tag.js';
import { isComponentFile } from './components.js';
import type { LayerTag } from './tag.js';
import { getOrAdd } from './memo.js';

/**
 * Messages every rule can give about the file being linted, one of them per
 * file whichever rule runs first. Problems of the configuration as a whole
 * (the contract, the settings, the imports that cannot be followed) are
 * `@bookiji/valid-settings`'s, once per configuration.
 */
export const configMessages = {
  unknownLayerTag:
    'Unexpected layer tag `{{tag}}`, expected `@layer N` with N one of the contract\'s layers ({{known}}) in `{{contract}}`.',
} as const;

export type ConfigMessageId = keyof typeof configMessages;

export interface ImportTarget {
  readonly path: string;
  readonly layer: Layer;
  readonly reason: Reason;
}

export interface FileContext {
  readonly filename: string;
  /**
   * The file on disk the code is in: `filename` itself, or for a block a
   * processor took out of another file (`docs/usage.md/0.ts`, a Markdown
   * doc's code block), that file. The contract, the tsconfig and the
   * imports' targets are looked up from its folder.
   */
  readonly diskFile: string;
  /** False for code linted with no file on disk (`<input>`): imports are not followed from it. */
  readonly real: boolean;
  readonly settings: CompiledSettings;
  /** The contract for this file, or why it cannot be used. */
  readonly state: ContractState;
  /** Null when the contract cannot be used; `state` says why. */
  readonly index: ContractIndex | null;
  readonly membership: Membership;
  /** Problems of this file alone (a tag naming no layer), reported by `checkFile`. */
  readonly problems: readonly ConfigProblem[];
  /** The lint run's view of the file system. */
  readonly view: FsView;
  /** The object ESLint keeps for one instance and config (its merged languageOptions): "once per configuration" is once per owner. */
  readonly owner: object | null;
  /** What an import specifier resolves to, and why it could not be followed if it could not; memoized per file and run. */
  resolutionOf(specifier: string): Resolution;
  /** The layer a module specifier belongs to, or null; memoized per file. */
  targetOf(specifier: string): ImportTarget | null;
  /** The names the project's build imports into this file by itself (see `autoImportsFor`); null for code with no file on disk. */
  autoImports(): AutoImports | null;
}

interface ConfigProblem {
  readonly messageId: ConfigMessageId;
  readonly data: Record<string, string | number>;
  readonly line: number;
  readonly column: number;
}

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Per file, keyed by the file's SourceCode: what every rule shares about it, and the problems already reported on it. */
const contexts = new WeakMap<object, FileContext>();
const reported = new WeakMap<object, Set<string>>();

/**
 * What each imported file belongs to, shared by the files of one view of the
 * file system (one lint run): a module imported from many files has its
 * head read and its globs matched once.
 */
function sharedTargets(view: FsView, settings: CompiledSettings, index: ContractIndex): Map<string, ImportTarget | null> {
  const bySettings = view.once('targets', () => new WeakMap<CompiledSettings, WeakMap<ContractIndex, Map<string, ImportTarget | null>>>());
  const byIndex = getOrAdd(bySettings, settings, () => new WeakMap<ContractIndex, Map<string, ImportTarget | null>>());
  return getOrAdd(byIndex, index, () => new Map<string, ImportTarget | null>());
}

export function knownLayers(index: ContractIndex): string {
  return index.contract.layers.map((layer) => layer.number).join(', ');
}

function tagProblem(tag: LayerTag, index: ContractIndex): ConfigProblem | null {
  if (tag.layer !== null && index.byNumber.has(tag.layer)) return null;
  return {
    messageId: 'unknownLayerTag',
    data: { tag: tag.text, known: knownLayers(index), contract: index.displayPath },
    line: tag.line,
    column: tag.column,
  };
}

/** The file on disk the linted code is in (see `FileContext.diskFile`). */
export function diskFileOf(context: AnyContext): string {
  return context.physicalFilename ?? context.filename;
}

/**
 * Everything the rules need about the file being linted, worked out once per
 * file however many of the plugin's rules run on it.
 */
export function fileContext(context: AnyContext): FileContext {
  const { sourceCode } = context;
  const cached = contexts.get(sourceCode);
  if (cached) return cached;
  const filename = context.filename;
  const diskFile = diskFileOf(context);
  const settings = compileSettings((context.settings as Record<string, unknown>)[SETTINGS_KEY], context.cwd);
  // ESLint merges languageOptions once per instance and config: one view per lint run, or per editor validation.
  const owner = (context.languageOptions as object | undefined) ?? null;
  const view = viewFor(owner);
  const problems: ConfigProblem[] = [];
  const real = isAbsolute(filename);
  const state = contractFor(real ? dirname(diskFile) : context.cwd, settings.contract, view);
  let index: ContractIndex | null = null;
  let membership: Membership = { layer: null, reason: null, conflict: [] };
  if (state.ok) {
    index = state.index;
    // A component's parser makes its markup the first tokens: its tag is read from its first script block's text.
    const firstToken = sourceCode.ast.tokens[0];
    const tag = isComponentFile(filename) ? tagOfComponent(sourceCode.text, filename) : tagFromComments(sourceCode.getAllComments(), firstToken ? firstToken.range[0] : sourceCode.text.length);
    // A code block's tag is its own, not the file's on disk.
    if (real && diskFile === filename) rememberTag(filename, tag, view);
    if (tag) {
      const problem = tagProblem(tag, index);
      if (problem) problems.push(problem);
    }
    membership = membershipOf(filename, tag, settings, index);
  }
  // Made on the first import: many files import nothing the rules follow.
  let resolutions: Map<string, Resolution> | undefined;
  let targets: Map<string, ImportTarget | null> | undefined;
  let shared: Map<string, ImportTarget | null> | undefined;
  const contractIndex = index;
  let autoImports: AutoImports | null | undefined;
  const result: FileContext = {
    filename,
    diskFile,
    real,
    settings,
    state,
    index,
    membership,
    problems,
    view,
    owner,
    resolutionOf(specifier) {
      if (!real) return { path: null, problem: null };
      resolutions ??= new Map();
      let resolution = resolutions.get(specifier);
      if (resolution === undefined) {
        resolution = resolveImport(specifier, diskFile, view);
        resolutions.set(specifier, resolution);
      }
      return resolution;
    },
    targetOf(specifier) {
      if (contractIndex === null || !real) return null;
      targets ??= new Map();
      const known = targets.get(specifier);
      if (known !== undefined) return known;
      const { path } = result.resolutionOf(specifier);
      let target: ImportTarget | null = null;
      if (path !== null) {
        const seen = (shared ??= sharedTargets(view, settings, contractIndex)).get(path);
        if (seen !== undefined) target = seen;
        else {
          const found = membershipOf(path, tagOfFile(path, view) ?? null, settings, contractIndex);
          if (found.layer && found.reason) target = { path, layer: found.layer, reason: found.reason };
          shared.set(path, target);
        }
      }
      targets.set(specifier, target);
      return target;
    },
    autoImports() {
      if (autoImports === undefined) autoImports = real ? autoImportsFor(dirname(diskFile), settings, view) : null;
      return autoImports;
    },
  };
  contexts.set(sourceCode, result);
  return result;
}

/**
 * Reports the configuration problems of a file once, whichever of the
 * plugin's rules gets there first, and returns the file context.
 */
export function checkFile(context: AnyContext): FileContext {
  const file = fileContext(context);
  if (file.problems.length === 0) return file;
  let seen = reported.get(context.sourceCode);
  if (!seen) {
    seen = new Set();
    reported.set(context.sourceCode, seen);
  }
  for (const problem of file.problems) {
    const key = `${problem.messageId}\0${JSON.stringify(problem.data)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    context.report({
      messageId: problem.messageId,
      data: problem.data,
      loc: { start: { line: problem.line, column: problem.column }, end: { line: problem.line, column: problem.column + 1 } },
    });
  }
  return file;
}

/** Where a file-level problem goes: the first statement, so a disable comment above it works. */
export function fileNode(program: TSESTree.Program): TSESTree.Node {
  return program.body[0] ?? program;
}

/** True when `to` may be imported from `from`: the same layer or one below. */
export function importAllowed(index: ContractIndex, from: number, to: number): boolean {
  return index.allowedImports.has(pairKey(from, to));
}

/** Words for a layer in messages, with the contract section that defines it. */
export function layerWords(index: ContractIndex, layer: Layer): { layer: number; name: string; section: string } {
  return { layer: layer.number, name: layer.name, section: layerSection(index, layer) };
}

/** The contract's own words for why a restricted layer may not run things by itself. */
export function restrictionWords(index: ContractIndex, layer: Layer): string {
  if (layer.humanOnlyEvidence) return layer.humanOnlyEvidence;
  return index.contract.dormancy.means[0] ?? 'Dormant';
}
