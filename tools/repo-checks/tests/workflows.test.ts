import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { workflowProblems } from '../src/workflows.js';
import { repositoryRoot } from '../src/root.js';

const ciPath = join(repositoryRoot, '.github', 'workflows', 'ci.yml');
const ci = readFileSync(ciPath, 'utf8');

describe('the CI workflow', () => {
  it('is valid GitHub Actions syntax according to action-validator', () => {
    expect(workflowProblems(ci)).toEqual([]);
  });

  it('runs on pull requests, pushes to main and merge queues', () => {
    const workflow = parse(ci) as { on: Record<string, unknown> };
    expect(Object.keys(workflow.on).sort()).toEqual(['merge_group', 'pull_request', 'push']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
  });

  it('installs with the frozen lockfile, then builds, typechecks, lints and tests on Node 20, 22 and 24', () => {
    const workflow = parse(ci) as {
      jobs: Record<string, { strategy?: { matrix?: { node?: number[] } }; steps: { run?: string }[] }>;
    };
    const job = workflow.jobs['build-and-test']!;
    expect(job.strategy?.matrix?.node).toEqual([20, 22, 24]);
    const runs = job.steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(runs[0]).toMatch(/install --frozen-lockfile$/u);
    expect(runs.slice(1).map((run) => run.split(' ').at(-1))).toEqual(['build', 'typecheck', 'lint', 'test']);
  });
});

describe('workflowProblems', () => {
  it('reports a misspelt trigger and an unknown step key', () => {
    const broken = 'name: x\non:\n  pushh:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        wth: 1\n';
    const problems = workflowProblems(broken);
    expect(problems).toContain("/on: Additional property 'pushh' is not allowed");
    expect(problems).toContain("/jobs/a/steps/0: Additional property 'wth' is not allowed");
  });
});
