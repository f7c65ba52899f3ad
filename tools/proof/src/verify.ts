import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DsseEnvelope } from './dsse.js';
import { ALLOWED_SIGNERS, PAYLOAD_TYPE, verifySignature } from './dsse.js';
import { blobAtHead, filesAtHead, headState, repositoryRoot } from './git.js';
import { LOCKFILES, lockfileOf } from './package-manager.js';
import { ENVELOPE_FILE } from './report-folder.js';
import type { ProofInputs, ProofStatement } from './report.js';
import { REPORT_FORMAT, STATEMENT_TYPE, TEST_RESULT_PREDICATE, digestsOf, serializeStatement, sha256, verdictOf } from './report.js';

export interface Verification {
  /** Problems that make the report fail verification; empty when it passes. */
  readonly problems: readonly string[];
  /** What verify found besides problems (the signature), one line each, for the screen. */
  readonly notes: readonly string[];
  /** What the report says, once it could be read; to be trusted only when there is no problem. */
  readonly recorded: { readonly verdict: string; readonly complete: boolean; readonly commit: string } | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function isEnvelope(value: unknown): value is DsseEnvelope {
  return isRecord(value) && typeof value.payloadType === 'string' && typeof value.payload === 'string' && Array.isArray(value.signatures);
}

/** Reads a file that must be JSON, naming where it stops being JSON. */
function parseJson(text: string, name: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const where = match ? ` at ${position(text, Number(match[1]))}` : '';
    return { ok: false, problem: `${name}: Unexpected text that is not JSON${where}, expected the report as the runner wrote it` };
  }
}

/**
 * Checks a report: its bytes are as written, its digests match its content,
 * its step logs match their digests, its signature (if any) verifies against
 * the repository's allowed signers, and it proves the current HEAD.
 */
export function verifyReport(reportPath: string, cwd: string): Verification {
  const problems: string[] = [];
  const notes: string[] = [];
  const name = basename(reportPath);
  const folder = dirname(reportPath);
  const raw = readFileSync(reportPath);

  let statementBytes: Buffer = raw;
  let envelope: DsseEnvelope | null = null;
  const first = parseJson(raw.toString('utf8'), name);
  if (!first.ok) return { problems: [first.problem], notes, recorded: null };
  if (isEnvelope(first.value)) {
    envelope = first.value;
    statementBytes = Buffer.from(envelope.payload, 'base64');
    if (envelope.payloadType !== PAYLOAD_TYPE) problems.push(`${name}: Unexpected \`payloadType\` ${JSON.stringify(envelope.payloadType)}, expected ${JSON.stringify(PAYLOAD_TYPE)}`);
  } else {
    const sibling = join(folder, ENVELOPE_FILE);
    if (existsSync(sibling)) {
      const parsed = parseJson(readFileSync(sibling, 'utf8'), ENVELOPE_FILE);
      if (!parsed.ok) problems.push(parsed.problem);
      else if (!isEnvelope(parsed.value)) problems.push(`${ENVELOPE_FILE}: Unexpected JSON that is not a DSSE envelope, expected \`payloadType\`, \`payload\` and \`signatures\``);
      else {
        envelope = parsed.value;
        if (!Buffer.from(envelope.payload, 'base64').equals(raw)) problems.push(`${ENVELOPE_FILE}: Unexpected signed payload that differs from ${name}, expected the same bytes`);
      }
    }
  }

  const text = statementBytes.toString('utf8');
  const parsed = parseJson(text, name);
  if (!parsed.ok) return { problems: [...problems, parsed.problem], notes, recorded: null };
  const expected = serializeStatement(parsed.value);
  if (expected !== text) {
    let offset = 0;
    while (offset < text.length && text[offset] === expected[offset]) offset += 1;
    problems.push(`${name}: Unexpected bytes at ${position(text, offset)}, expected the report exactly as the runner wrote it`);
  }
  const shape = shapeProblem(parsed.value);
  if (shape !== null) return { problems: [...problems, `${name}: ${shape}`], notes, recorded: null };
  const statement = parsed.value as ProofStatement;
  const predicate = statement.predicate;
  const proof = predicate.bookijiProof;
  const subjectCommit = statement.subject[0]?.digest.gitCommit;
  const recorded = { verdict: proof.verdict, complete: proof.complete, commit: String(subjectCommit) };

  const digests = digestsOf(statement);
  if (digests.deterministic !== predicate.bookijiDigests.deterministic) {
    problems.push(`${name}: Unexpected \`predicate.bookijiDigests.deterministic\` ${predicate.bookijiDigests.deterministic}, expected ${digests.deterministic}: the deterministic part was edited`);
  }
  if (digests.report !== predicate.bookijiDigests.report) {
    problems.push(`${name}: Unexpected \`predicate.bookijiDigests.report\` ${predicate.bookijiDigests.report}, expected ${digests.report}: the report was edited`);
  }

  const verdict = verdictOf(proof.steps, proof.complete, proof.verdict === 'ABORTED');
  if (verdict !== proof.verdict) problems.push(`${name}: Unexpected \`predicate.bookijiProof.verdict\` ${proof.verdict}, expected ${verdict} from the step results`);
  const result = proof.verdict === 'PASS' ? 'PASSED' : 'FAILED';
  if (predicate.result !== result) problems.push(`${name}: Unexpected \`predicate.result\` ${String(predicate.result)}, expected ${result} for verdict ${proof.verdict}`);
  const passed = proof.steps.filter((step) => step.result === 'PASSED').map((step) => step.id);
  const failed = proof.steps.filter((step) => step.result === 'FAILED').map((step) => step.id);
  if (JSON.stringify(predicate.passedTests) !== JSON.stringify(passed)) problems.push(`${name}: Unexpected \`predicate.passedTests\`, expected ${JSON.stringify(passed)} from the step results`);
  if (JSON.stringify(predicate.failedTests) !== JSON.stringify(failed)) problems.push(`${name}: Unexpected \`predicate.failedTests\`, expected ${JSON.stringify(failed)} from the step results`);
  proof.steps.forEach((step, index) => {
    if (step.reason !== 'precondition-failed') return;
    const stoppedBy = proof.steps.slice(0, index).some((before) => before.precondition && before.result === 'FAILED');
    if (step.result !== 'NOT_RUN' || !stoppedBy) {
      problems.push(`${name}: Unexpected \`predicate.bookijiProof.steps[${index}].reason\` precondition-failed, expected a step not run after a failed precondition`);
    }
  });
  if (subjectCommit !== proof.inputs.commit) problems.push(`${name}: Unexpected \`subject[0].digest.gitCommit\` ${String(subjectCommit)}, expected ${proof.inputs.commit} as in \`predicate.bookijiProof.inputs.commit\``);

  predicate.bookijiRun.steps.forEach((step, index) => {
    if (!step.output) return;
    const field = `predicate.bookijiRun.steps[${index}].output.sha256`;
    const log = join(folder, step.output.path);
    if (!existsSync(log)) problems.push(`${name}: Unexpected missing log ${step.output.path} for \`${field}\`, expected the step's output beside the report`);
    else if (sha256(readFileSync(log)) !== step.output.sha256) problems.push(`${step.output.path}: Unexpected content that does not match \`${field}\`, expected the step's output as recorded`);
  });

  const root = repositoryRoot(cwd);
  const head = root === null ? null : headState(root);
  if (root === null || head === null) {
    problems.push(`Unexpected folder without a HEAD commit (${cwd}), expected the repository the report proves`);
  } else {
    const checks: [string, string | null, string | null][] = [
      ['subject[0].digest.gitCommit', subjectCommit ?? null, head.commit],
      ['predicate.bookijiProof.inputs.tree', proof.inputs.tree, head.tree],
      ['predicate.bookijiProof.inputs.lockfile', describeLockfile(proof.inputs.lockfile), describeLockfile(lockfileAtHead(root))],
      [`predicate.bookijiProof.inputs.config.sha256`, proof.inputs.config.sha256, digestAtHead(root, proof.inputs.config.name)],
    ];
    for (const [field, recorded, current] of checks) {
      if (recorded !== current) problems.push(`${name}: Unexpected \`${field}\` ${String(recorded)}, expected ${String(current)} from HEAD`);
    }
    if (envelope !== null) {
      const allowed = join(root, ALLOWED_SIGNERS);
      if (envelope.signatures.length === 0) problems.push(`${ENVELOPE_FILE}: Unexpected envelope without signatures, expected one`);
      for (const signature of envelope.signatures) {
        const checked = verifySignature(envelope, signature, allowed);
        if (checked.ok) notes.push(`signature: good, by ${checked.principal} (${signature.keyid})`);
        else problems.push(`${ENVELOPE_FILE}: ${checked.message}`);
      }
    } else {
      notes.push('signature: none (the report is unsigned; a signature needs git configured with gpg.format ssh and user.signingkey)');
    }
  }

  return { problems, notes, recorded };
}

/**
 * What `bookiji-proof verify` prints: whether the report verifies comes
 * first, with its problems; the verdict it records is shown as trustworthy
 * only when it does.
 */
export function verificationText(verification: Verification): string {
  const { problems, notes, recorded } = verification;
  const lines: string[] = [];
  if (problems.length === 0) {
    lines.push("integrity: OK — the report is intact, and its commit, tree, lockfile and configuration are HEAD's");
    if (recorded !== null) lines.push(`verdict: ${recorded.verdict}${recorded.complete ? '' : ' (a partial run: never a release proof)'}`, `commit: ${recorded.commit}`);
  } else {
    lines.push(`integrity: NOT OK — ${problems.length} problem${problems.length === 1 ? '' : 's'}, so the report does not verify:`, ...problems.map((problem) => `  ${problem}`));
    lines.push(
      recorded === null
        ? 'recorded verdict: none (the report could not be read)'
        : `recorded verdict: ${recorded.verdict} (not trustworthy: the report does not verify)`,
    );
    if (recorded !== null) lines.push(`recorded commit: ${recorded.commit}`);
  }
  lines.push(...notes);
  return `${lines.join('\n')}\n`;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const isArrayOf = (value: unknown, item: (entry: unknown) => boolean): boolean => Array.isArray(value) && value.every(item);

/** The first place where a parsed report is not shaped as the runner writes it, or null. */
function shapeProblem(value: unknown): string | null {
  const expected = (path: string, what: string): string => `Unexpected \`${path}\`, expected ${what}`;
  if (!isRecord(value) || value._type !== STATEMENT_TYPE) return expected('_type', `an in-toto Statement v1 (${STATEMENT_TYPE})`);
  if (value.predicateType !== TEST_RESULT_PREDICATE) return expected('predicateType', TEST_RESULT_PREDICATE);
  if (!Array.isArray(value.subject) || !isRecord(value.subject[0]) || !isRecord(value.subject[0].digest)) return expected('subject', 'one subject with a digest');
  const predicate = value.predicate;
  if (!isRecord(predicate)) return expected('predicate', 'an object');
  if (!isArrayOf(predicate.passedTests, isString) || !isArrayOf(predicate.failedTests, isString)) return expected('predicate.passedTests', 'lists of step ids');
  const proof = predicate.bookijiProof;
  if (!isRecord(proof) || !isString(proof.verdict) || typeof proof.complete !== 'boolean') return expected('predicate.bookijiProof', 'the proof\'s verdict and completeness');
  if (proof.format !== REPORT_FORMAT) {
    return expected('predicate.bookijiProof.format', `${REPORT_FORMAT}, the report format this runner reads (found ${JSON.stringify(proof.format ?? null)}: verify the report with the runner that wrote it, named in \`predicate.bookijiRun.runner\`)`);
  }
  const inputs = proof.inputs;
  if (!isRecord(inputs) || !isString(inputs.commit) || !isString(inputs.tree) || !isRecord(inputs.config)) {
    return expected('predicate.bookijiProof.inputs', 'the commit, tree, lockfile and configuration');
  }
  const lockfileOk = inputs.lockfile === null || (isRecord(inputs.lockfile) && isString(inputs.lockfile.name) && isString(inputs.lockfile.sha256));
  if (!lockfileOk || !isString(inputs.config.name) || !isString(inputs.config.sha256)) {
    return expected('predicate.bookijiProof.inputs', 'names and digests of the lockfile and configuration');
  }
  const manager = inputs.packageManager;
  if (!(manager === null || (isRecord(manager) && isString(manager.name) && isStringOrNull(manager.version))) || !isStringOrNull(inputs.node)) {
    return expected('predicate.bookijiProof.inputs', 'the versions of Node and of the package manager');
  }
  const stepOk = (step: unknown): boolean => isRecord(step) && isString(step.id) && isArrayOf(step.argv, isString) && typeof step.precondition === 'boolean' && isString(step.result);
  if (!isArrayOf(proof.steps, stepOk)) return expected('predicate.bookijiProof.steps', 'each step\'s id, argv and result');
  const run = predicate.bookijiRun;
  const outputOk = (output: unknown): boolean => output === null || (isRecord(output) && isString(output.path) && isString(output.sha256));
  if (!isRecord(run) || !isArrayOf(run.steps, (step) => isRecord(step) && outputOk(step.output))) return expected('predicate.bookijiRun.steps', 'each step\'s output');
  const digests = predicate.bookijiDigests;
  if (!isRecord(digests) || !isString(digests.deterministic) || !isString(digests.report)) return expected('predicate.bookijiDigests', 'the deterministic and report digests');
  return null;
}

/** The lockfile HEAD has, by the rule the runner records it by. */
function lockfileAtHead(root: string): ProofInputs['lockfile'] {
  const present = filesAtHead(root, LOCKFILES.map((lockfile) => lockfile.name));
  const name = lockfileOf((candidate) => present.has(candidate));
  const digest = name === null ? null : digestAtHead(root, name);
  return name === null || digest === null ? null : { name, sha256: digest };
}

function describeLockfile(lockfile: ProofInputs['lockfile']): string | null {
  return lockfile === null ? null : `${lockfile.name} ${lockfile.sha256}`;
}

function digestAtHead(root: string, path: string): string | null {
  const blob = blobAtHead(root, path);
  return blob === null ? null : sha256(blob);
}
