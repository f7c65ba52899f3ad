import { describe, expect, it } from 'vitest';
import type { ProofConfig } from '../src/index.js';
import { planBatches, validateConfig } from '../src/index.js';

const step = (id: string) => ({ id, title: `Step ${id}`, command: ['node', '-e', '0'], timeoutSeconds: 5, pass: { exitCode: 0 } });
const valid = { steps: ['a', 'b', 'c', 'd'].map(step), parallel: [['b', 'c']], environment: { allow: ['PATH'] } };

function problemsOf(value: unknown): string[] {
  const result = validateConfig(value);
  return result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

describe('validateConfig', () => {
  it('accepts a well-formed configuration', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it('names an unknown step in a parallel set', () => {
    expect(problemsOf({ ...valid, parallel: [['b', 'nope']] })).toEqual(['parallel[0][1]: Unexpected unknown step `nope`, expected one of `a`, `b`, `c`, `d`']);
  });

  it('rejects a parallel set of steps that do not follow one another', () => {
    expect(problemsOf({ ...valid, parallel: [['a', 'c']] })).toEqual(['parallel[0]: Unexpected steps that do not follow one another, expected a parallel set of consecutive steps']);
  });

  it('rejects a step in two parallel sets', () => {
    expect(problemsOf({ ...valid, parallel: [['b', 'c'], ['c', 'd']] })).toEqual(['parallel[1][0]: Unexpected step `c` in a second parallel set, expected each step in one set at most']);
  });

  it('rejects duplicate ids, bad ids, shell strings and non-positive timeouts', () => {
    const steps = [step('a'), step('a'), { ...step('Bad_Id') }, { ...step('e'), command: 'node -e 0' }, { ...step('f'), timeoutSeconds: 0 }];
    expect(problemsOf({ ...valid, steps, parallel: undefined })).toEqual([
      'steps[1].id: Unexpected second step `a`, expected unique ids',
      'steps[2].id: Unexpected `"Bad_Id"`, expected lower-case words joined by hyphens',
      'steps[3].command: Unexpected `"node -e 0"`, expected an argument vector: a non-empty array of strings',
      'steps[4].timeoutSeconds: Unexpected `0`, expected a number of seconds above 0',
    ]);
  });

  it('rejects pass rules other than exit code 0 with an optional empty-output rule', () => {
    const steps = [{ ...step('a'), pass: { exitCode: 1 } }, { ...step('b'), pass: { exitCode: 0, output: 'quiet' } }];
    expect(problemsOf({ ...valid, steps, parallel: undefined })).toEqual([
      'steps[0].pass.exitCode: Unexpected `1`, expected `0`',
      "steps[1].pass.output: Unexpected `\"quiet\"`, expected `'empty'` or no output rule",
    ]);
  });

  it('keeps the runner\'s own variables out of the configuration', () => {
    expect(problemsOf({ ...valid, environment: { allow: ['PATH', 'TZ'], set: { SOURCE_DATE_EPOCH: '1' } } })).toEqual([
      'environment.allow: Unexpected `TZ`, expected a variable the runner does not set itself (TZ, LC_ALL, NO_COLOR, TERM, SOURCE_DATE_EPOCH)',
      'environment.set.SOURCE_DATE_EPOCH: Unexpected variable `SOURCE_DATE_EPOCH`, expected a variable name the runner does not set itself',
    ]);
  });

  it('rejects unknown keys and a missing environment', () => {
    expect(problemsOf({ steps: valid.steps, retries: 2 })).toEqual([
      'retries: Unexpected key `retries`, expected one of `steps`, `parallel`, `environment`',
      'environment: Unexpected nothing, expected `{ allow: [...] }`',
    ]);
  });

  it('accepts preconditions, and rejects one that is not a boolean or is in a parallel set', () => {
    expect(problemsOf({ ...valid, steps: [{ ...step('a'), precondition: true }, ...valid.steps.slice(1)] })).toEqual([]);
    expect(problemsOf({ ...valid, steps: [{ ...step('a'), precondition: 'yes' }, { ...step('b'), precondition: true }, ...valid.steps.slice(2)] })).toEqual([
      'steps[0].precondition: Unexpected `"yes"`, expected `true`, `false` or no precondition',
      'parallel[0][0]: Unexpected precondition `b` in a parallel set, expected it to run alone, so its failure stops the run before anything else starts',
    ]);
  });

  it('rejects a default export that is not an object', () => {
    expect(problemsOf(undefined)).toEqual(['default export: Unexpected nothing, expected an object with `steps` and `environment`']);
  });
});

describe('planBatches', () => {
  const config = valid as unknown as ProofConfig;

  it('runs a parallel set as one batch and every other step alone, in declared order', () => {
    expect(planBatches(config).map((batch) => batch.map((s) => s.id))).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('keeps only the selected steps', () => {
    expect(planBatches(config, new Set(['d', 'c'])).map((batch) => batch.map((s) => s.id))).toEqual([['c'], ['d']]);
  });
});
