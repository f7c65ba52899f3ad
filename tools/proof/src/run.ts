import { EXIT } from './exit-codes.js';
import { executePlan } from './execute.js';
import { listSteps } from './list.js';
import { planProof } from './plan.js';
import { recordStatement, writeReport } from './record.js';
import { signReport } from './sign.js';
import { printSummary } from './summary.js';

export interface ProofOptions {
  readonly cwd: string;
  /** Run only these steps: the report is INCOMPLETE and never proves a release. */
  readonly only?: readonly string[];
  /** Print the configured steps and run nothing. */
  readonly list?: boolean;
  /** Show listr2's live list (on a terminal) instead of one line per event. */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
  /** Aborted by SIGINT or SIGTERM: running steps are stopped and the report says ABORTED. */
  readonly signal?: AbortSignal;
  readonly killGraceMs?: number;
}

/**
 * Runs the proof as a person invokes it and returns the exit code: plan
 * (every refusal before a step runs), run the steps, write the report, sign
 * it, and show the end of the run.
 */
export async function runProof(options: ProofOptions): Promise<number> {
  const planned = await planProof(options);
  if (planned.kind === 'stop') return planned.exitCode;
  if (planned.kind === 'list') {
    listSteps(planned.config, options.write);
    return EXIT.pass;
  }
  const { plan } = planned;
  const execution = await executePlan(plan, options);
  const statement = recordStatement(plan, execution, await plan.toolchain);
  const report = writeReport(execution.folder, statement);
  const signature = signReport(plan.root, execution.folder, report.bytes);
  printSummary({ plan, execution, statement, reportPath: report.path, signature, cwd: options.cwd }, options.write);
  if (execution.interrupted) return EXIT.interrupted;
  return statement.predicate.bookijiProof.verdict === 'PASS' ? EXIT.pass : EXIT.fail;
}
