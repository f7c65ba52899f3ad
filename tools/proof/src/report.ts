import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { FailureReason } from './run-step.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const TEST_RESULT_PREDICATE = 'https://in-toto.io/attestation/test-result/v0.1';

/**
 * The version of the report's own fields (`bookijiProof`, `bookijiRun`,
 * `bookijiDigests`), raised with any change to them; the README lists each.
 * `verify` reads this version only.
 */
export const REPORT_FORMAT = 2;

/**
 * The proof's verdict. Only PASS proves a release; a run of some steps
 * (`--only`) is never PASS: FAIL when one of them failed, else INCOMPLETE.
 */
export type Verdict = 'PASS' | 'FAIL' | 'ABORTED' | 'INCOMPLETE';
export type StepResult = 'PASSED' | 'FAILED' | 'ABORTED' | 'NOT_RUN';

/**
 * Why a step did not run: `--only` left it out, a precondition before it
 * failed, or the run was interrupted before it started.
 */
export type NotRunReason = 'not-selected' | 'precondition-failed' | 'interrupted';

/** What the proof ran on. Everything here is the same for every run of one commit on one toolchain. */
export interface ProofInputs {
  readonly commit: string;
  readonly tree: string;
  /** The lockfile at the repository root (see package-manager.ts), or null without one. */
  readonly lockfile: { readonly name: string; readonly sha256: string } | null;
  readonly config: { readonly name: string; readonly sha256: string };
  /** `node --version` on the steps' PATH; null when it did not answer. */
  readonly node: string | null;
  /**
   * The package manager the repository uses and the version it gave on the
   * steps' PATH (null when it is not installed or did not answer); null when
   * the repository names no manager and has no lockfile.
   */
  readonly packageManager: { readonly name: string; readonly version: string | null } | null;
}

export interface DeterministicStep {
  readonly id: string;
  readonly argv: readonly string[];
  /** A precondition's failure stops the run: no later step starts. */
  readonly precondition: boolean;
  readonly result: StepResult;
  readonly exitCode: number | null;
  /** Why it failed (FAILED, ABORTED) or did not run (NOT_RUN); null when it passed. */
  readonly reason: FailureReason | NotRunReason | null;
}

/** The part of the report two runs of one commit must agree on, byte for byte once canonical. */
export interface BookijiProof {
  /** `REPORT_FORMAT` when written. */
  readonly format: number;
  readonly verdict: Verdict;
  /** False when `--only` chose the steps: such a report never proves a release. */
  readonly complete: boolean;
  readonly inputs: ProofInputs;
  readonly steps: readonly DeterministicStep[];
}

export interface RunStep {
  readonly id: string;
  readonly startedAt: string | null;
  readonly durationMs: number | null;
  readonly signal: string | null;
  /** The step's log, relative to the report's folder. */
  readonly output: { readonly path: string; readonly bytes: number; readonly sha256: string } | null;
}

/** What differs from run to run: when, how long, who, and the logs (tools print durations). */
export interface BookijiRun {
  readonly runner: string;
  readonly operator: { readonly name: string | null; readonly email: string | null };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly steps: readonly RunStep[];
}

export interface BookijiDigests {
  /** SHA-256 of the canonical statement without `bookijiRun` and `bookijiDigests`. */
  readonly deterministic: string;
  /** SHA-256 of the canonical statement without `bookijiDigests`. */
  readonly report: string;
}

export interface ResourceDescriptor {
  readonly name: string;
  readonly digest: Readonly<Record<string, string>>;
}

/**
 * The in-toto test-result predicate (v0.1) with three named extensions. The
 * predicate's WARNED is never used: a proof passes or fails.
 */
export interface ProofPredicate {
  readonly result: 'PASSED' | 'FAILED';
  readonly configuration: readonly ResourceDescriptor[];
  readonly passedTests: readonly string[];
  readonly failedTests: readonly string[];
  readonly bookijiProof: BookijiProof;
  readonly bookijiRun: BookijiRun;
  readonly bookijiDigests: BookijiDigests;
}

export interface ProofStatement {
  readonly _type: typeof STATEMENT_TYPE;
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: typeof TEST_RESULT_PREDICATE;
  readonly predicate: ProofPredicate;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON Canonicalization Scheme (RFC 8785), so key order and spacing never change a digest. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value has no JSON form');
  return text;
}

type Unsigned<T> = Omit<T, 'predicate'> & { predicate: Omit<ProofPredicate, 'bookijiDigests'> };

function without(value: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

export function deterministicPart(statement: Unsigned<ProofStatement>): unknown {
  return { ...statement, predicate: without(statement.predicate, ['bookijiRun', 'bookijiDigests']) };
}

export function digestsOf(statement: Unsigned<ProofStatement>): BookijiDigests {
  return {
    deterministic: `sha256:${sha256(canonicalJson(deterministicPart(statement)))}`,
    report: `sha256:${sha256(canonicalJson({ ...statement, predicate: without(statement.predicate, ['bookijiDigests']) }))}`,
  };
}

/** The verdict follows from the step results alone, so a report can be checked for agreeing with itself. */
export function verdictOf(steps: readonly DeterministicStep[], complete: boolean, interrupted: boolean): Verdict {
  if (interrupted || steps.some((step) => step.result === 'ABORTED')) return 'ABORTED';
  if (steps.some((step) => step.result === 'FAILED')) return 'FAIL';
  if (!complete || steps.some((step) => step.result === 'NOT_RUN')) return 'INCOMPLETE';
  return 'PASS';
}

export interface StatementInput {
  /** The subject's name: the repository's package name, the same in every clone. */
  readonly subjectName: string;
  readonly inputs: ProofInputs;
  readonly steps: readonly DeterministicStep[];
  readonly complete: boolean;
  /** SIGINT or SIGTERM stopped the run. */
  readonly interrupted: boolean;
  readonly run: BookijiRun;
}

export function buildStatement(input: StatementInput): ProofStatement {
  const verdict = verdictOf(input.steps, input.complete, input.interrupted);
  const unsigned: Unsigned<ProofStatement> = {
    _type: STATEMENT_TYPE,
    subject: [{ name: input.subjectName, digest: { gitCommit: input.inputs.commit } }],
    predicateType: TEST_RESULT_PREDICATE,
    predicate: {
      result: verdict === 'PASS' ? 'PASSED' : 'FAILED',
      configuration: [
        { name: input.inputs.config.name, digest: { sha256: input.inputs.config.sha256 } },
        ...(input.inputs.lockfile === null ? [] : [{ name: input.inputs.lockfile.name, digest: { sha256: input.inputs.lockfile.sha256 } }]),
      ],
      passedTests: input.steps.filter((step) => step.result === 'PASSED').map((step) => step.id),
      failedTests: input.steps.filter((step) => step.result === 'FAILED').map((step) => step.id),
      bookijiProof: { format: REPORT_FORMAT, verdict, complete: input.complete, inputs: input.inputs, steps: input.steps },
      bookijiRun: input.run,
    },
  };
  return { ...unsigned, predicate: { ...unsigned.predicate, bookijiDigests: digestsOf(unsigned) } };
}

/** The report's bytes: verify re-serialises what it reads and expects exactly these. */
export function serializeStatement(statement: unknown): string {
  return `${JSON.stringify(statement, null, 2)}\n`;
}
