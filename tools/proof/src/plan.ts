import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { detectCi, refusalMessage } from './ci.js';
import type { ProofConfig, ProofStep } from './config.js';
import { FIXED_ENVIRONMENT, planBatches } from './config.js';
import { stepEnvironment } from './environment.js';
import { EXIT } from './exit-codes.js';
import type { HeadState } from './git.js';
import { headState, isIgnored, repositoryRoot } from './git.js';
import { loadConfig } from './load-config.js';
import type { PackageManagerName } from './package-manager.js';
import { lockfileOf, packageManagerOf } from './package-manager.js';
import { REPORTS_DIR, REPORT_FILE } from './report-folder.js';
import type { ProofInputs } from './report.js';
import { sha256 } from './report.js';
import { versionOf } from './versions.js';

export interface Toolchain {
  readonly node: string | null;
  readonly packageManager: ProofInputs['packageManager'];
}

/** Everything a run needs, settled before any step starts. */
export interface ProofPlan {
  readonly root: string;
  readonly config: ProofConfig;
  /** The configuration file as the report names it. */
  readonly configFile: { readonly name: string; readonly sha256: string };
  readonly head: HeadState;
  /** The environment every step runs with. */
  readonly env: Readonly<Record<string, string>>;
  /** The steps to run, one batch after another. */
  readonly batches: readonly (readonly ProofStep[])[];
  /** The same steps in the order they start. */
  readonly chosen: readonly ProofStep[];
  /** False for an `--only` run. */
  readonly complete: boolean;
  readonly lockfile: ProofInputs['lockfile'];
  /** Node's and the package manager's versions, probed while the configuration was checked. */
  readonly toolchain: Promise<Toolchain>;
}

export interface PlanOptions {
  readonly cwd: string;
  readonly only?: readonly string[];
  readonly list?: boolean;
  readonly writeError: (text: string) => void;
}

/** What planning decided: run, list the steps, or stop with an exit code (having said why). */
export type Planned =
  | { readonly kind: 'run'; readonly plan: ProofPlan }
  | { readonly kind: 'list'; readonly config: ProofConfig }
  | { readonly kind: 'stop'; readonly exitCode: number };

/** Finds a program the way `spawn` will, so a missing one is a usage error before anything runs. */
export function findProgram(program: string, pathVariable: string, cwd: string): string | null {
  const candidates = program.includes('/') ? [resolve(cwd, program)] : pathVariable.split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next folder on PATH.
    }
  }
  return null;
}

/**
 * Asking the package manager its version takes a while (pnpm starts slowly),
 * so it starts before the configuration is checked. A manager that is not
 * installed is recorded by name with no version.
 */
function probeToolchain(root: string, manager: PackageManagerName | null): Promise<Toolchain> {
  const bin = join(root, 'node_modules', '.bin');
  const env = { ...(process.env.HOME ? { HOME: process.env.HOME } : {}), PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, ...FIXED_ENVIRONMENT };
  const versionOfProgram = (program: string): Promise<string | null> => versionOf(findProgram(program, env.PATH, root), env, root);
  return Promise.all([versionOfProgram('node'), manager === null ? null : versionOfProgram(manager)]).then(([node, version]) => ({
    node,
    packageManager: manager === null ? null : { name: manager, version },
  }));
}

function readManifest(root: string): unknown {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as unknown;
  } catch {
    return null;
  }
}

const stop = (exitCode: number): Planned => ({ kind: 'stop', exitCode });

/**
 * Checks everything that can be checked before a step runs, in the order a
 * person would want to hear about it, and settles what the run will do. Each
 * refusal is one message on `writeError` and an exit code.
 */
export async function planProof(options: PlanOptions): Promise<Planned> {
  const { writeError } = options;
  const root = repositoryRoot(options.cwd);
  if (root === null) {
    writeError(`bookiji-proof: Unexpected folder outside a git repository (${options.cwd}), expected to run inside the repository to prove\n`);
    return stop(EXIT.usage);
  }

  if (!options.list) {
    const detection = detectCi();
    if (detection.isCI) {
      writeError(`${await refusalMessage(detection, root)}\n`);
      return stop(EXIT.usage);
    }
  }

  const lockfileName = lockfileOf((name) => existsSync(join(root, name)));
  const toolchain = options.list ? Promise.resolve({ node: null, packageManager: null }) : probeToolchain(root, packageManagerOf(readManifest(root), lockfileName));

  const loaded = await loadConfig(root);
  if (!loaded.ok) {
    for (const message of loaded.messages) writeError(`${message}\n`);
    writeError(`bookiji-proof: the configuration has ${loaded.messages.length} problem${loaded.messages.length === 1 ? '' : 's'}; nothing ran\n`);
    return stop(EXIT.usage);
  }
  const { config } = loaded.loaded;

  const known = config.steps.map((step) => step.id);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    writeError(`bookiji-proof: Unexpected unknown step ${unknown.map((id) => `\`${id}\``).join(', ')}, expected one of ${known.join(', ')}\n`);
    return stop(EXIT.usage);
  }
  if (options.list) return { kind: 'list', config };

  const head = headState(root);
  if (head === null) {
    writeError('bookiji-proof: Unexpected HEAD that is not a commit, expected a commit to prove: commit your work, then run the proof\n');
    return stop(EXIT.fail);
  }
  if (!isIgnored(root, `${REPORTS_DIR}/${REPORT_FILE}`)) {
    writeError(`bookiji-proof: Unexpected ${REPORTS_DIR}/ folder that git does not ignore, expected \`/${REPORTS_DIR}/\` in .gitignore (reports must never make the tree dirty)\n`);
    return stop(EXIT.usage);
  }

  const env = stepEnvironment(process.env, config.environment, root, head.commitTime);
  const missing = config.steps.filter((step) => findProgram(step.command[0], env.PATH ?? '', root) === null);
  if (missing.length > 0) {
    for (const step of missing) {
      writeError(`bookiji-proof: step \`${step.id}\`: Unexpected missing program \`${step.command[0]}\`, expected it on the steps' PATH (node_modules/.bin first)\n`);
    }
    return stop(EXIT.usage);
  }

  const selected = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  const batches = planBatches(config, selected);
  return {
    kind: 'run',
    plan: {
      root,
      config,
      configFile: { name: loaded.loaded.name, sha256: loaded.loaded.sha256 },
      head,
      env,
      batches,
      chosen: batches.flat(),
      complete: selected === undefined,
      // Digested before any step runs: a step may touch the lockfile, and the report names what the run started from.
      lockfile: lockfileName === null ? null : { name: lockfileName, sha256: sha256(readFileSync(join(root, lockfileName))) },
      toolchain,
    },
  };
}
