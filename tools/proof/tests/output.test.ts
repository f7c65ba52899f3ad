import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProofStatement } from '../src/index.js';
import { digestsOf } from '../src/report.js';
import { configSource, makeRepo, node, printed, runCli, SLOW_TEST_TIMEOUT } from './helpers.js';

// The screen and the report, byte for byte. What varies from run to run or
// from one checkout to another (the commit, which names this checkout's path
// in its configuration, times, durations, toolchain versions and the digests
// that cover them) becomes a placeholder; everything else must stay exactly
// as the runner writes it.

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

const repo = makeRepo(
  configSource([
    { id: 'clean-tree', command: ['git', 'status', '--porcelain=v1', '--untracked-files=all'], output: 'empty' },
    { id: 'greet', command: node('console.log("hello")') },
    { id: 'broken', command: node('console.log("one"); console.error("two"); process.exit(3)') },
  ]),
);

function normalize(text: string): string {
  const commit = repo.git('rev-parse', 'HEAD');
  const configDigest = createHash('sha256').update(readFileSync(join(repo.root, 'proof.config.ts'))).digest('hex');
  return text
    .replaceAll(commit, '<commit>')
    .replaceAll(repo.git('rev-parse', 'HEAD^{tree}'), '<tree>')
    .replaceAll(configDigest, '<config-sha256>')
    .replace(/proof-\d{8}T\d{6}Z-[0-9a-f]{12}(?:-\d+)?/gu, '<folder>')
    .replace(/sha256:[0-9a-f]{64}/gu, '<digest>')
    .replace(/"runner": "[^"]*"/gu, '"runner": <runner>')
    .replace(/"node": (?:"[^"]*"|null)/gu, '"node": <version>')
    .replace(/"(startedAt|finishedAt)": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/gu, '"$1": <time>')
    .replace(/"durationMs": \d+/gu, '"durationMs": <ms>')
    .replace(/\b\d+\.\ds\b|\b\d+m \d\ds\b/gu, '<duration>');
}

/** Runs the proof and gives what it printed and wrote, normalised, with the report it wrote. */
async function proof(args: readonly string[]): Promise<{ code: number | null; stdout: string; report: string; folder: string; statement: ProofStatement }> {
  const run = await runCli(repo, args);
  expect(run.stderr).toBe('');
  const { report, digest } = printed(run.stdout);
  const text = readFileSync(join(repo.root, report), 'utf8');
  const statement = JSON.parse(text) as ProofStatement;
  // The printed digest is the report's, and both digests cover what the report holds.
  expect(statement.predicate.bookijiDigests.deterministic).toBe(digest);
  expect(digestsOf(statement)).toEqual(statement.predicate.bookijiDigests);
  return { code: run.code, stdout: normalize(run.stdout), report: normalize(text), folder: dirname(join(repo.root, report)), statement };
}

describe('what a run prints and writes', { timeout: SLOW_TEST_TIMEOUT }, () => {
  it('names the runner by the name and version of its own package.json', async () => {
    const { statement } = await proof(['--only', 'greet']);
    expect(statement.predicate.bookijiRun.runner).toBe(`${manifest.name}@${manifest.version}`);
  });

  it('prints and writes a failing run exactly so, and exits 1', async () => {
    const run = await proof([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(FAILING_SCREEN);
    expect(run.report).toBe(FAILING_REPORT);
    expect(readFileSync(join(run.folder, '03-broken.log'), 'utf8')).toBe('one\ntwo\n');
  });

  it('prints and writes a partial run exactly so, and exits 1', async () => {
    const run = await proof(['--only', 'greet']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(PARTIAL_SCREEN);
    expect(run.report).toBe(PARTIAL_REPORT);
  });
});

const FAILING_SCREEN = String.raw`Proving <commit> (3 steps)
[1/3] clean-tree start  Step clean-tree
[1/3] clean-tree PASS   <duration>
[2/3] greet      start  Step greet
[2/3] greet      PASS   <duration>
[3/3] broken     start  Step broken
[3/3] broken     FAIL   <duration>: exit code 3

--- broken: exit code 3 (last 40 lines of reports/<folder>/03-broken.log) ---
one
two

FAIL  1 of 3 steps failed: broken  (<duration>)
Deterministic digest: <digest>
Report: reports/<folder>/report.json
Signature: none (git has no SSH signing key; set gpg.format ssh and user.signingkey to sign)
`;

const FAILING_REPORT = String.raw`{
  "_type": "https://in-toto.io/Statement/v1",
  "subject": [
    {
      "name": "fixture",
      "digest": {
        "gitCommit": "<commit>"
      }
    }
  ],
  "predicateType": "https://in-toto.io/attestation/test-result/v0.1",
  "predicate": {
    "result": "FAILED",
    "configuration": [
      {
        "name": "proof.config.ts",
        "digest": {
          "sha256": "<config-sha256>"
        }
      }
    ],
    "passedTests": [
      "clean-tree",
      "greet"
    ],
    "failedTests": [
      "broken"
    ],
    "bookijiProof": {
      "format": 2,
      "verdict": "FAIL",
      "complete": true,
      "inputs": {
        "commit": "<commit>",
        "tree": "<tree>",
        "lockfile": null,
        "config": {
          "name": "proof.config.ts",
          "sha256": "<config-sha256>"
        },
        "node": <version>,
        "packageManager": null
      },
      "steps": [
        {
          "id": "clean-tree",
          "argv": [
            "git",
            "status",
            "--porcelain=v1",
            "--untracked-files=all"
          ],
          "precondition": false,
          "result": "PASSED",
          "exitCode": 0,
          "reason": null
        },
        {
          "id": "greet",
          "argv": [
            "node",
            "-e",
            "console.log(\"hello\")"
          ],
          "precondition": false,
          "result": "PASSED",
          "exitCode": 0,
          "reason": null
        },
        {
          "id": "broken",
          "argv": [
            "node",
            "-e",
            "console.log(\"one\"); console.error(\"two\"); process.exit(3)"
          ],
          "precondition": false,
          "result": "FAILED",
          "exitCode": 3,
          "reason": "exit-code"
        }
      ]
    },
    "bookijiRun": {
      "runner": <runner>,
      "operator": {
        "name": "Ada Operator",
        "email": "ada@example.com"
      },
      "startedAt": <time>,
      "finishedAt": <time>,
      "durationMs": <ms>,
      "steps": [
        {
          "id": "clean-tree",
          "startedAt": <time>,
          "durationMs": <ms>,
          "signal": null,
          "output": {
            "path": "01-clean-tree.log",
            "bytes": 0,
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
          }
        },
        {
          "id": "greet",
          "startedAt": <time>,
          "durationMs": <ms>,
          "signal": null,
          "output": {
            "path": "02-greet.log",
            "bytes": 6,
            "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
          }
        },
        {
          "id": "broken",
          "startedAt": <time>,
          "durationMs": <ms>,
          "signal": null,
          "output": {
            "path": "03-broken.log",
            "bytes": 8,
            "sha256": "c3f9c8c283a2b1f2f1896f27a01cbe3cddc0c9d93f752e4639035a0f5b36f6e8"
          }
        }
      ]
    },
    "bookijiDigests": {
      "deterministic": "<digest>",
      "report": "<digest>"
    }
  }
}
`;

const PARTIAL_SCREEN = String.raw`Proving <commit> (only greet: not a release proof)
[1/1] greet start  Step greet
[1/1] greet PASS   <duration>

INCOMPLETE  1 of 3 steps ran (--only): a partial run never proves a release  (<duration>)
Deterministic digest: <digest>
Report: reports/<folder>/report.json
Signature: none (git has no SSH signing key; set gpg.format ssh and user.signingkey to sign)
`;

const PARTIAL_REPORT = String.raw`{
  "_type": "https://in-toto.io/Statement/v1",
  "subject": [
    {
      "name": "fixture",
      "digest": {
        "gitCommit": "<commit>"
      }
    }
  ],
  "predicateType": "https://in-toto.io/attestation/test-result/v0.1",
  "predicate": {
    "result": "FAILED",
    "configuration": [
      {
        "name": "proof.config.ts",
        "digest": {
          "sha256": "<config-sha256>"
        }
      }
    ],
    "passedTests": [
      "greet"
    ],
    "failedTests": [],
    "bookijiProof": {
      "format": 2,
      "verdict": "INCOMPLETE",
      "complete": false,
      "inputs": {
        "commit": "<commit>",
        "tree": "<tree>",
        "lockfile": null,
        "config": {
          "name": "proof.config.ts",
          "sha256": "<config-sha256>"
        },
        "node": <version>,
        "packageManager": null
      },
      "steps": [
        {
          "id": "clean-tree",
          "argv": [
            "git",
            "status",
            "--porcelain=v1",
            "--untracked-files=all"
          ],
          "precondition": false,
          "result": "NOT_RUN",
          "exitCode": null,
          "reason": "not-selected"
        },
        {
          "id": "greet",
          "argv": [
            "node",
            "-e",
            "console.log(\"hello\")"
          ],
          "precondition": false,
          "result": "PASSED",
          "exitCode": 0,
          "reason": null
        },
        {
          "id": "broken",
          "argv": [
            "node",
            "-e",
            "console.log(\"one\"); console.error(\"two\"); process.exit(3)"
          ],
          "precondition": false,
          "result": "NOT_RUN",
          "exitCode": null,
          "reason": "not-selected"
        }
      ]
    },
    "bookijiRun": {
      "runner": <runner>,
      "operator": {
        "name": "Ada Operator",
        "email": "ada@example.com"
      },
      "startedAt": <time>,
      "finishedAt": <time>,
      "durationMs": <ms>,
      "steps": [
        {
          "id": "clean-tree",
          "startedAt": null,
          "durationMs": null,
          "signal": null,
          "output": null
        },
        {
          "id": "greet",
          "startedAt": <time>,
          "durationMs": <ms>,
          "signal": null,
          "output": {
            "path": "02-greet.log",
            "bytes": 6,
            "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
          }
        },
        {
          "id": "broken",
          "startedAt": null,
          "durationMs": null,
          "signal": null,
          "output": null
        }
      ]
    },
    "bookijiDigests": {
      "deterministic": "<digest>",
      "report": "<digest>"
    }
  }
}
`;
