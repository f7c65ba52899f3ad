import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeterministicStep, StatementInput } from '../src/report.js';
import { buildStatement, canonicalJson, digestsOf, serializeStatement, verdictOf } from '../src/report.js';

const inputs = {
  commit: 'a'.repeat(40),
  tree: 'b'.repeat(40),
  lockfile: { name: 'pnpm-lock.yaml', sha256: 'c'.repeat(64) },
  config: { name: 'proof.config.ts', sha256: 'd'.repeat(64) },
  node: '20.20.2',
  packageManager: { name: 'pnpm', version: '10.34.8' },
};
const passed = (id: string): DeterministicStep => ({ id, argv: ['node', '-e', '0'], precondition: false, result: 'PASSED', exitCode: 0, reason: null });
const run = (startedAt: string, durationMs: number): StatementInput['run'] => ({
  runner: '@bookiji/proof@0.1.0',
  operator: { name: 'Ada', email: 'ada@example.com' },
  startedAt,
  finishedAt: startedAt,
  durationMs,
  steps: [{ id: 'a', startedAt, durationMs, signal: null, output: { path: '01-a.log', bytes: 0, sha256: 'e'.repeat(64) } }],
});

describe('verdictOf', () => {
  it('passes only when every step of a complete run passed', () => {
    expect(verdictOf([passed('a'), passed('b')], true, false)).toBe('PASS');
    expect(verdictOf([passed('a'), passed('b')], false, false)).toBe('INCOMPLETE');
    expect(verdictOf([passed('a'), { ...passed('b'), result: 'FAILED', exitCode: 1, reason: 'exit-code' }], true, false)).toBe('FAIL');
    expect(verdictOf([passed('a'), { ...passed('b'), result: 'NOT_RUN', exitCode: null }], true, false)).toBe('INCOMPLETE');
    expect(verdictOf([passed('a'), { ...passed('b'), result: 'ABORTED', exitCode: null, reason: 'aborted' }], true, false)).toBe('ABORTED');
    expect(verdictOf([passed('a')], true, true)).toBe('ABORTED');
  });
});

describe('buildStatement', () => {
  const input: StatementInput = { subjectName: 'fixture', inputs, steps: [passed('a')], complete: true, interrupted: false, run: run('2025-01-01T00:00:00.000Z', 5) };

  it('is an in-toto Statement v1 about the commit, with the test-result predicate', () => {
    const statement = buildStatement(input);
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.subject).toEqual([{ name: 'fixture', digest: { gitCommit: inputs.commit } }]);
    expect(statement.predicateType).toBe('https://in-toto.io/attestation/test-result/v0.1');
    expect(statement.predicate.result).toBe('PASSED');
    expect(statement.predicate.passedTests).toEqual(['a']);
    expect(statement.predicate.failedTests).toEqual([]);
    expect(statement.predicate).not.toHaveProperty('warnedTests');
    expect(statement.predicate.bookijiProof.format).toBe(2);
  });

  it('names the lockfile among the configuration it ran on, and leaves it out when there is none', () => {
    expect(buildStatement(input).predicate.configuration.map((resource) => resource.name)).toEqual(['proof.config.ts', 'pnpm-lock.yaml']);
    expect(buildStatement({ ...input, inputs: { ...inputs, lockfile: null } }).predicate.configuration.map((resource) => resource.name)).toEqual(['proof.config.ts']);
  });

  it('fails a run that a precondition stopped, whatever the steps not run', () => {
    const steps: DeterministicStep[] = [
      { ...passed('a'), precondition: true, result: 'FAILED', exitCode: 1, reason: 'exit-code' },
      { ...passed('b'), result: 'NOT_RUN', exitCode: null, reason: 'precondition-failed' },
    ];
    const statement = buildStatement({ ...input, steps });
    expect(statement.predicate.bookijiProof.verdict).toBe('FAIL');
    expect(statement.predicate.result).toBe('FAILED');
    expect(statement.predicate.failedTests).toEqual(['a']);
  });

  it('gives the same deterministic digest whatever the timings and operator, and a different report digest', () => {
    const first = buildStatement(input);
    const second = buildStatement({ ...input, run: { ...run('2026-06-06T06:06:06.000Z', 999), operator: { name: 'Bob', email: null } } });
    expect(second.predicate.bookijiDigests.deterministic).toBe(first.predicate.bookijiDigests.deterministic);
    expect(second.predicate.bookijiDigests.report).not.toBe(first.predicate.bookijiDigests.report);
  });

  it('changes the deterministic digest with any input or result', () => {
    const base = buildStatement(input).predicate.bookijiDigests.deterministic;
    expect(buildStatement({ ...input, inputs: { ...inputs, packageManager: { name: 'pnpm', version: '10.0.0' } } }).predicate.bookijiDigests.deterministic).not.toBe(base);
    expect(buildStatement({ ...input, inputs: { ...inputs, lockfile: null } }).predicate.bookijiDigests.deterministic).not.toBe(base);
    expect(buildStatement({ ...input, steps: [{ ...passed('a'), precondition: true }] }).predicate.bookijiDigests.deterministic).not.toBe(base);
    expect(buildStatement({ ...input, steps: [{ ...passed('a'), argv: ['node', '-e', '1'] }] }).predicate.bookijiDigests.deterministic).not.toBe(base);
  });

  it('never reports PASSED for a partial run', () => {
    const statement = buildStatement({ ...input, complete: false });
    expect(statement.predicate.result).toBe('FAILED');
    expect(statement.predicate.bookijiProof.verdict).toBe('INCOMPLETE');
  });

  it('digests canonical JSON, so key order never matters', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
    );
    const statement = buildStatement(input);
    const reparsed = JSON.parse(serializeStatement(statement)) as typeof statement;
    expect(digestsOf(reparsed)).toEqual(statement.predicate.bookijiDigests);
  });
});
