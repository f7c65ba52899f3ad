import type { ProofConfig } from './config.js';
import { planBatches } from './config.js';

/** `--list`: each configured step, its command, what passing means, its timeout, what it may run alongside and whether it is a precondition. */
export function listSteps(config: ProofConfig, write: (text: string) => void): void {
  const parallelWith = new Map<string, string[]>();
  for (const batch of planBatches(config)) if (batch.length > 1) for (const step of batch) parallelWith.set(step.id, batch.map((other) => other.id));
  config.steps.forEach((step, index) => {
    write(`${index + 1}. ${step.id}: ${step.title}\n`);
    write(`   command: ${JSON.stringify(step.command)}\n`);
    const rule = step.pass.output === 'empty' ? 'exit code 0 and no output' : 'exit code 0';
    const parallel = parallelWith.has(step.id) ? `; may run alongside ${parallelWith.get(step.id)?.filter((id) => id !== step.id).join(', ')}` : '';
    const precondition = step.precondition === true ? '; a precondition: its failure stops the run' : '';
    write(`   passes on: ${rule}; timeout ${step.timeoutSeconds}s${parallel}${precondition}\n`);
  });
}
