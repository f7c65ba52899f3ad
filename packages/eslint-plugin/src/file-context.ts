import { dirname, isAbsolute } from 'node:path';
import type { Layer } from '@bookiji/contract';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contractFor, layerSection, pairKey } from './contract-state.js';
import type { ContractIndex } from './contract-state.js';
import { describeReason, membershipOf } from './membership.js';
import type { Membership, Reason } from './membership.js';
import { resolveImport } from './resolve.js';
import { viewFor } from './fs-view.js';
import type { FsView } from './fs-view.js';
import { compileSettings, SETTINGS_KEY, unmatchedGlobs } from './settings.js';
import type { CompiledSettings } from './settings.js';
import { tagFromComments, tagOfFile } from './tag.js';
import type { LayerTag } from './tag.js';

/** Messages every rule can give about the plugin's own configuration; one of them per file, whichever rule runs first. */
export const configMessages = {
  contractUnreadable:
    'Unexpected missing or unreadable operational layers contract at `{{path}}` ({{reason}}), expected a readable contract: every layer rule reads which layers are dormant or human-only from it.',
  contractMalformed:
    'Unexpected {{count}} problem(s) in the operational layers contract `{{path}}` (the first at line {{line}}, column {{column}}: {{message}}), expected a well-formed contract: `bookiji-layers explain <file>` lists every problem.',
  unknownLayerTag:
    'Unexpected layer tag `{{tag}}`, expected `@layer N` with N one of the contract\'s layers ({{known}}) in `{{contract}}`.',
  unknownSettingsLayer:
    'Unexpected Layer {{layer}} in settings.bookiji.layers (glob `{{glob}}`), expected one of the contract\'s layers ({{known}}) in `{{contract}}`.',
  globMatchesNothing:
    'Unexpected glob `{{glob}}` in settings.bookiji that matches no file under `{{base}}`, expected each layer glob to match at least one file.',
  conflictingGlobs:
    'Unexpected file claimed by more than one setting ({{claims}}), expected one layer per file; {{decided}} decided.',
  contractNotDigested:
    'Unexpected settings.bookiji.contract `{{contract}}` whose digest the config does not carry (it carries: {{digested}}), expected the settings given through `layerSettings()`: `eslint --cache` keys its results on the digest, and would keep them after `{{contract}}` changes.',
} as const;

export type ConfigMessageId = keyof typeof configMessages;

export interface ImportTarget {
  readonly path: string;
  readonly layer: Layer;
  readonly reason: Reason;
}

export interface FileContext {
  readonly filename: string;
  readonly settings: CompiledSettings;
  /** Null when the contract cannot be used; the problem is in `problems`. */
  readonly index: ContractIndex | null;
  readonly membership: Membership;
  readonly problems: readonly ConfigProblem[];
  /** The layer a module specifier belongs to, or null; memoized per file. */
  targetOf(specifier: string): ImportTarget | null;
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
 * file system (one ESLint instance): a module imported from many files has its
 * head read and its globs matched once.
 */
function sharedTargets(view: FsView, settings: CompiledSettings, index: ContractIndex): Map<string, ImportTarget | null> {
  return view.once(`targets\0${settings.key}\0${index.path}\0${index.digest}`, () => new Map<string, ImportTarget | null>());
}

function knownLayers(index: ContractIndex): string {
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

/**
 * Everything the rules need about the file being linted, worked out once per
 * file however many of the plugin's rules run on it.
 */
export function fileContext(context: AnyContext): FileContext {
  const { sourceCode } = context;
  const cached = contexts.get(sourceCode);
  if (cached) return cached;
  const filename = context.filename;
  const settings = compileSettings((context.settings as Record<string, unknown>)[SETTINGS_KEY], context.cwd);
  // ESLint merges languageOptions once per instance: one view per lint run, or per editor validation.
  const view = viewFor(context.languageOptions);
  const problems: ConfigProblem[] = [];
  const real = isAbsolute(filename);
  const state = contractFor(real ? dirname(filename) : context.cwd, settings.contract, view);
  let index: ContractIndex | null = null;
  let membership: Membership = { layer: null, reason: null, conflict: [] };
  if (!state.ok) {
    problems.push({ messageId: 'contractUnreadable', data: { path: state.path, reason: state.reason }, line: 1, column: 0 });
  } else {
    index = state.index;
    const first = index.diagnostics[0];
    if (first) {
      problems.push({
        messageId: 'contractMalformed',
        data: { path: index.displayPath, count: index.diagnostics.length, line: first.line, column: first.column, message: first.message },
        line: 1,
        column: 0,
      });
    }
    if (settings.digested !== null && !settings.digested.includes(settings.contract)) {
      problems.push({ messageId: 'contractNotDigested', data: { contract: settings.contract, digested: settings.digested.map((path) => `\`${path}\``).join(', ') || 'nothing' }, line: 1, column: 0 });
    }
    for (const glob of settings.globs) {
      if (glob.layer !== null && !index.byNumber.has(glob.layer)) {
        problems.push({ messageId: 'unknownSettingsLayer', data: { layer: glob.layer, glob: glob.glob, known: knownLayers(index), contract: index.displayPath }, line: 1, column: 0 });
      }
    }
    for (const glob of unmatchedGlobs(settings)) {
      problems.push({ messageId: 'globMatchesNothing', data: { glob: glob.glob, base: settings.base }, line: 1, column: 0 });
    }
    const firstToken = sourceCode.ast.tokens[0];
    const tag = tagFromComments(sourceCode.getAllComments(), firstToken ? firstToken.range[0] : sourceCode.text.length);
    if (tag) {
      const problem = tagProblem(tag, index);
      if (problem) problems.push(problem);
    }
    membership = membershipOf(filename, tag, settings, index);
    if (membership.conflict.length > 0) {
      problems.push({
        messageId: 'conflictingGlobs',
        data: {
          claims: membership.conflict.map((glob) => `\`${glob.glob}\` (${glob.layer === null ? 'unlayered' : `Layer ${glob.layer}`})`).join(', '),
          decided: describeReason(membership.reason),
        },
        line: 1,
        column: 0,
      });
    }
  }
  const targets = new Map<string, ImportTarget | null>();
  let shared: Map<string, ImportTarget | null> | undefined;
  const contractIndex = index;
  const result: FileContext = {
    filename,
    settings,
    index,
    membership,
    problems,
    targetOf(specifier) {
      if (contractIndex === null || !real) return null;
      if (targets.has(specifier)) return targets.get(specifier) ?? null;
      const path = resolveImport(specifier, filename, view);
      let target: ImportTarget | null = null;
      if (path !== null) {
        const known = (shared ??= sharedTargets(view, settings, contractIndex)).get(path);
        if (known !== undefined) target = known;
        else {
          const found = membershipOf(path, tagOfFile(path, view) ?? null, settings, contractIndex);
          if (found.layer && found.reason) target = { path, layer: found.layer, reason: found.reason };
          shared.set(path, target);
        }
      }
      targets.set(specifier, target);
      return target;
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
