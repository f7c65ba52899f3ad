import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofStatement } from '../src/index.js';
import { verifyReport } from '../src/index.js';
import { digestsOf, serializeStatement } from '../src/report.js';
import { verificationText } from '../src/verify.js';
import type { Repo } from './helpers.js';
import { configSource, makeRepo, node, printed, runCli, SLOW_TEST_TIMEOUT } from './helpers.js';

const config = configSource([
  { id: 'first', command: node('console.log("one")') },
  { id: 'second', command: node('console.log("two")') },
]);

describe('verify', { timeout: SLOW_TEST_TIMEOUT }, () => {
  let repo: Repo;
  let reportPath: string;
  let original: Buffer;

  beforeAll(async () => {
    repo = makeRepo(config);
    const run = await runCli(repo, []);
    expect(run.code).toBe(0);
    reportPath = join(repo.root, printed(run.stdout).report);
    original = readFileSync(reportPath);
  }, SLOW_TEST_TIMEOUT);

  it('accepts the report as written', () => {
    expect(verifyReport(reportPath, repo.root).problems).toEqual([]);
  });

  it('rejects a report with any one byte edited', () => {
    try {
      fc.assert(
        fc.property(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), (offset, delta) => {
          const edited = Buffer.from(original);
          edited[offset] = ((edited[offset] ?? 0) + delta) % 256;
          writeFileSync(reportPath, edited);
          expect(verifyReport(reportPath, repo.root).problems.length).toBeGreaterThan(0);
        }),
        { numRuns: 60 },
      );
    } finally {
      writeFileSync(reportPath, original);
    }
  });

  it('names the edited field and exits 1 when a step result is changed by hand', async () => {
    const text = original.toString('utf8');
    const at = text.indexOf('"result": "PASSED"', text.indexOf('"bookijiProof"'));
    writeFileSync(reportPath, `${text.slice(0, at)}"result": "FAILED"${text.slice(at + '"result": "PASSED"'.length)}`);
    try {
      const run = await runCli(repo, ['verify', reportPath]);
      expect(run.code).toBe(1);
      // Whether the report verifies comes first; the verdict it records is never shown as if it held.
      const lines = run.stdout.split('\n');
      const count = Number(/^integrity: NOT OK — (\d+) problems, so the report does not verify:$/.exec(lines[0] ?? '')?.[1]);
      const problems = lines.slice(1, 1 + count);
      expect(problems.every((line) => line.startsWith('  report.json: Unexpected `'))).toBe(true);
      expect(problems).toContainEqual(expect.stringMatching(/^ {2}report\.json: Unexpected `predicate\.bookijiDigests\.deterministic`/));
      expect(problems).toContain('  report.json: Unexpected `predicate.bookijiProof.verdict` PASS, expected FAIL from the step results');
      expect(lines[1 + count]).toBe('recorded verdict: PASS (not trustworthy: the report does not verify)');
      expect(lines.filter((line) => line.startsWith('verdict:'))).toEqual([]);
    } finally {
      writeFileSync(reportPath, original);
    }
  });

  it('rejects a run-time field edited by hand, outside the deterministic part', () => {
    const text = original.toString('utf8').replace(/"durationMs": (\d+)/, (_match, ms: string) => `"durationMs": ${Number(ms) + 1}`);
    writeFileSync(reportPath, text);
    try {
      const { problems } = verifyReport(reportPath, repo.root);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('Unexpected `predicate.bookijiDigests.report`');
    } finally {
      writeFileSync(reportPath, original);
    }
  });

  it('rejects a step log that no longer matches its digest', () => {
    const log = join(reportPath, '..', '02-second.log');
    const saved = readFileSync(log);
    writeFileSync(log, 'three\n');
    try {
      expect(verifyReport(reportPath, repo.root).problems).toEqual([
        '02-second.log: Unexpected content that does not match `predicate.bookijiRun.steps[1].output.sha256`, expected the step\'s output as recorded',
      ]);
    } finally {
      writeFileSync(log, saved);
    }
  });

  it('rejects a step said not to run after a precondition that never failed, even with its digests made again', () => {
    const statement = JSON.parse(original.toString('utf8')) as ProofStatement;
    const steps = statement.predicate.bookijiProof.steps.map((step, index) => (index === 1 ? { ...step, result: 'NOT_RUN' as const, exitCode: null, reason: 'precondition-failed' as const } : step));
    const forged = { ...statement, predicate: { ...statement.predicate, result: 'FAILED' as const, passedTests: ['first'], bookijiProof: { ...statement.predicate.bookijiProof, verdict: 'INCOMPLETE' as const, steps } } };
    const rehashed = { ...forged, predicate: { ...forged.predicate, bookijiDigests: digestsOf(forged) } };
    writeFileSync(reportPath, serializeStatement(rehashed));
    try {
      expect(verifyReport(reportPath, repo.root).problems).toEqual([
        'report.json: Unexpected `predicate.bookijiProof.steps[1].reason` precondition-failed, expected a step not run after a failed precondition',
      ]);
    } finally {
      writeFileSync(reportPath, original);
    }
  });

  it('reads only its own report format, and says which runner wrote another', () => {
    const statement = JSON.parse(original.toString('utf8')) as ProofStatement;
    const older = { ...statement, predicate: { ...statement.predicate, bookijiProof: { ...statement.predicate.bookijiProof, format: 1 } } };
    writeFileSync(reportPath, serializeStatement(older));
    try {
      const verification = verifyReport(reportPath, repo.root);
      expect(verification.problems).toEqual([
        'report.json: Unexpected `predicate.bookijiProof.format`, expected 2, the report format this runner reads (found 1: verify the report with the runner that wrote it, named in `predicate.bookijiRun.runner`)',
      ]);
      expect(verificationText(verification)).toBe(
        [
          'integrity: NOT OK — 1 problem, so the report does not verify:',
          `  ${verification.problems[0]}`,
          'recorded verdict: none (the report could not be read)',
          '',
        ].join('\n'),
      );
    } finally {
      writeFileSync(reportPath, original);
    }
  });

  it('says a missing report is a usage error (exit 2)', async () => {
    const run = await runCli(repo, ['verify', 'reports/nothing.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unexpected missing report reports/nothing.json');
  });
});

describe('signed reports', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('signs with the SSH key git is configured with and verifies against the allowed signers', async () => {
    const repo = makeRepo(config);
    const key = join(repo.home, 'id_ed25519');
    const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ada@example.com', '-f', key]);
    expect(made.status).toBe(0);
    const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
    repo.write('.github/allowed_signers', `ada@example.com namespaces="bookiji-proof" ${publicKey}\n`);
    repo.commit('Allow Ada to sign proofs');
    repo.git('config', 'gpg.format', 'ssh');
    repo.git('config', 'user.signingkey', key);

    const run = await runCli(repo, []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Signature: SHA256:\S+, in report\.dsse\.json beside the report$/m);
    const report = join(repo.root, printed(run.stdout).report);
    const envelopePath = join(report, '..', 'report.dsse.json');
    const envelope = JSON.parse(readFileSync(envelopePath, 'utf8')) as { payloadType: string; payload: string };
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    expect(Buffer.from(envelope.payload, 'base64').equals(readFileSync(report))).toBe(true);

    for (const path of [report, envelopePath]) {
      const verified = await runCli(repo, ['verify', path]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain('signature: good, by ada@example.com');
    }

    // A key that is not in the allowed-signers file does not verify.
    repo.write('.github/allowed_signers', '# nobody\n');
    repo.commit('Remove every signer');
    const stranger = verifyReport(envelopePath, repo.root);
    expect(stranger.problems.some((problem) => problem.includes('expected a key listed in .github/allowed_signers'))).toBe(true);
  });
});
