import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workflowProblems } from './workflows.js';
import { repositoryRoot } from './root.js';

function main(): number {
  const dir = join(repositoryRoot, '.github', 'workflows');
  const files = readdirSync(dir).filter((file) => /\.ya?ml$/u.test(file)).sort();
  let failed = 0;
  for (const file of files) {
    const path = join(dir, file);
    const problems = workflowProblems(readFileSync(path, 'utf8'));
    const shown = relative(process.cwd(), path);
    if (problems.length === 0) {
      process.stdout.write(`${shown}: valid\n`);
    } else {
      failed++;
      for (const problem of problems) process.stdout.write(`${shown}: ${problem}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();
